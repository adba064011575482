#!/usr/bin/env bash
# Measures reel's no-op `reel plan` against ninja's no-op over the same
# 10,000 manifests (one ninja edge per manifest), side by side with
# hyperfine, and prints the ratio. Not part of `go test`: it takes a minute
# and needs ninja and hyperfine, which it installs from Debian if missing.
# scripts/scale.sh measures the other scale targets too.
#   scripts/noop-vs-ninja.sh [videos]   (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. scripts/tree.sh
make_tree "${1:-10000}"

cd "$work/tree"
hyperfine -N --warmup 3 --runs 30 --export-csv "$work/noop.csv" "$work/reel plan" "ninja"
awk -F, '/reel plan/ { r = $4 * 1000 } $1 == "ninja" { n = $4 * 1000 }
	END { printf "reel plan no-op median %.1f ms, ninja %.1f ms: ratio reel/ninja = %.2f\n", r, n, r / n }' "$work/noop.csv"
