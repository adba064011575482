#!/usr/bin/env bash
# Measures reel's no-op `reel plan` against ninja's no-op over the same
# 10,000 manifests (one ninja edge per manifest), side by side with
# hyperfine, and prints the ratio. Not part of `go test`: it takes a minute
# and needs ninja and hyperfine, which it installs from Debian if missing.
#   scripts/noop-vs-ninja.sh [videos]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need ninja ninja-build
need hyperfine hyperfine

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/reel" .
go run ./internal/gentree/cmd -n "$n" -out "$work/tree" -rendered

# the same inputs for ninja: one edge per manifest, its stamp the output
(
	cd "$work/tree"
	printf 'rule stamp\n  command = touch $out\n' > build.ninja
	find videos -name '*.yaml' | sort | while read -r f; do
		printf 'build stamps/%s.stamp: stamp %s\n' "${f%.yaml}" "$f"
	done >> build.ninja
	ninja > /dev/null
)

# let every file age past reel's racy-mtime window, then take the snapshot
sleep 1.1
(cd "$work/tree" && "$work/reel" plan > /dev/null && sleep 1.1 && "$work/reel" plan)

cd "$work/tree"
hyperfine --warmup 3 --runs 30 --export-json "$work/noop.json" "$work/reel plan" "ninja"
python3 - "$work/noop.json" <<'PY'
import json, sys
r = {x["command"].split("/")[-1]: x for x in json.load(open(sys.argv[1]))["results"]}
reel, ninja = r["reel plan"], r["ninja"]
print(f"reel plan no-op median {reel['median']*1000:.1f} ms, ninja {ninja['median']*1000:.1f} ms: "
      f"ratio reel/ninja = {reel['median']/ninja['median']:.2f}")
PY
