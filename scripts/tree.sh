# Sourced by the scale scripts: builds reel into $work, generates the
# project of $1 manifests at $work/tree, rendered, with its equivalent
# build.ninja (one edge per manifest, its stamp the output) built once,
# every file an hour old, and reel's first snapshot taken. It installs
# ninja-build and hyperfine from Debian when they are missing.
need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need ninja ninja-build
need hyperfine hyperfine

make_tree() {
	go build -o "$work/reel" .
	go run ./internal/gentree/cmd -n "$1" -out "$work/tree" -rendered
	(
		cd "$work/tree"
		printf 'rule stamp\n  command = touch $out\n' > build.ninja
		find videos -name '*.yaml' | sort | while read -r f; do
			printf 'build stamps/%s.stamp: stamp %s\n' "${f%.yaml}" "$f"
		done >> build.ninja
		ninja > /dev/null
	)
	# every file older than reel's racy window, then the first snapshot
	mkdir -p "$work/tree/.reel/cache"
	find "$work/tree" -print0 | xargs -0 touch -d '1 hour ago'
	(cd "$work/tree" && "$work/reel" plan > /dev/null && "$work/reel" plan > /dev/null)
}
