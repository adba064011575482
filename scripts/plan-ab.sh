#!/usr/bin/env bash
# Compares two builds of reel on planning, as interleaved pairs (A B A B
# ...), so that a shared machine's drift lands on both sides alike:
#   1. the no-op `reel plan` process over a generated project, pinned to
#      one core (taskset -c 0): median wall time and median CPU time
#      (user + system) of each side;
#   2. the Go benchmarks PlanNoop10k, PlanTouched10k, PlanOneEdited10k
#      (the root package) and WatchReplan10k (render/watch), one -count
#      of each side's test binaries at a time, compared by benchstat.
# A is the git revision OLD, B the revision NEW or, without it, the
# working tree. Not part of `go test`: at the defaults it takes about
# fifteen minutes.
#   scripts/plan-ab.sh OLD [NEW] [videos] [pairs] [counts]
#   (defaults: the working tree, 10000 videos, 40 pairs, 6 counts)
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=${2:-} n=${3:-10000} pairs=${4:-40} counts=${5:-6}
command -v benchstat >/dev/null || go install golang.org/x/perf/cmd/benchstat@latest
PATH=$PATH:$(go env GOPATH)/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# build SIDE [REV]: reel and the two test binaries of REV (or this tree)
build() {
	local src=$PWD
	if [ -n "${2:-}" ]; then
		src=$work/src-$1
		mkdir -p "$src"
		git archive "$2" | tar -x -C "$src"
	fi
	mkdir -p "$work/$1"
	(cd "$src" && CGO_ENABLED=0 go build -o "$work/$1/reel" . &&
		go test -c -o "$work/$1/root.test" . &&
		go test -c -o "$work/$1/watch.test" ./render/watch)
}
build a "$old"
build b "$new"

# One tree per side: a snapshot is stamped with the binary that took it,
# so one tree planned by both would never be a no-op.
go run ./internal/gentree/cmd -n "$n" -out "$work/tree-a" -rendered
cp -a "$work/tree-a" "$work/tree-b"
for s in a b; do
	mkdir -p "$work/tree-$s/.reel/cache"
	find "$work/tree-$s" -print0 | xargs -0 touch -d '1 hour ago'
	for _ in 1 2 3; do "$work/$s/reel" -C "$work/tree-$s" plan > /dev/null; done
	"$work/$s/reel" -C "$work/tree-$s" plan | grep -q "Plan: $n up to date" ||
		{ echo "side $s: the tree does not plan a no-op" >&2; exit 1; }
done

TIMEFORMAT='%R %U %S'
for _ in $(seq "$pairs"); do
	for s in a b; do
		{ time taskset -c 0 "$work/$s/reel" -C "$work/tree-$s" plan > /dev/null; } 2>> "$work/time-$s"
	done
done
# median of a column of seconds, in ms
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 * 1000 }'; }
for s in a b; do
	wall=$(awk '{ print $1 }' "$work/time-$s" | median)
	cpu=$(awk '{ print $2 + $3 }' "$work/time-$s" | median)
	printf 'no-op reel plan, %s (%s): median wall %s ms, median CPU %s ms over %d runs, pinned to one core\n' \
		"$s" "$([ $s = a ] && echo "$old" || echo "${new:-working tree}")" "$wall" "$cpu" "$pairs"
done

for _ in $(seq "$counts"); do
	for s in a b; do
		"$work/$s/root.test" -test.run '^$' -test.bench 'PlanNoop10k|PlanTouched10k|PlanOneEdited10k' \
			-test.benchtime 20x >> "$work/bench-$s.txt"
		(cd render/watch && "$work/$s/watch.test" -test.run '^$' -test.bench 'WatchReplan10k' \
			-test.benchtime 10x) >> "$work/bench-$s.txt"
	done
done
benchstat "a=$work/bench-a.txt" "b=$work/bench-b.txt"
