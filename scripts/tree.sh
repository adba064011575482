# Sourced by scripts/scale.sh: builds reel into $work, generates the
# project of $1 manifests at $work/tree, rendered, every file an hour old
# (internal/gentree), and takes reel's first snapshot.
make_tree() {
	CGO_ENABLED=0 go build -o "$work/reel" . # static, as installed (README: On a fresh machine)
	go run ./internal/gentree/cmd -n "$1" -out "$work/tree" -rendered
	(cd "$work/tree" && "$work/reel" plan > /dev/null && "$work/reel" plan > /dev/null)
}
