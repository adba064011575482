#!/usr/bin/env bash
# Measures fetching 1,000 small outputs (8 KiB) from a store on versitygw,
# 16 at a time: through render/store (GetOutput, each hashed and checked)
# against plain parallel GETs of the same objects' presigned URLs with
# net/http at the same concurrency. The pairs interleave (each round runs
# the store, then the plain GETs, over one server and one set of objects);
# the client is pinned to core 0 and versitygw to core 1. It prints each
# side's median and the ratio. Not part of `go test`: about a minute.
#   scripts/store-bench.sh [rounds]   (default 7)
# It needs versitygw: $REEL_VERSITYGW, on PATH or in ~/go/bin
# (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gw=${REEL_VERSITYGW:-$(command -v versitygw || echo "$HOME/go/bin/versitygw")}
[ -x "$gw" ] || { echo "versitygw not found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0" >&2; exit 1; }
go test -c -o "$work/store.test" ./render/store
pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	pin=(taskset -c 0)
	printf '#!/bin/sh\nexec taskset -c 1 %q "$@"\n' "$gw" > "$work/versitygw"
	chmod +x "$work/versitygw"
	gw=$work/versitygw
fi
for _ in $(seq "${1:-7}"); do # one round runs each side once: A B A B ...
	(cd render/store && REEL_VERSITYGW=$gw "${pin[@]}" "$work/store.test" -test.run '^$' \
		-test.bench 'Fetch1000' -test.benchtime 1x) | grep -E '^BenchmarkFetch1000'
done | tee "$work/out"
awk '/^BenchmarkFetch1000/ {
		split($1, p, "/"); sub(/-[0-9]+$/, "", p[2]); c = p[2]
		v[c, ++n[c]] = $3 / 1e6
	}
	function median(c,   i, j, t, m) {
		m = n[c]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[c, j] < v[c, i]) { t = v[c, i]; v[c, i] = v[c, j]; v[c, j] = t }
		return m % 2 ? v[c, (m + 1) / 2] : (v[c, m / 2] + v[c, m / 2 + 1]) / 2
	}
	END {
		a = median("store"); b = median("plain")
		printf "1,000 outputs: store %.0f ms (%.0f/s), plain GETs %.0f ms (%.0f/s): the store takes %.2fx the time (median of %d)\n",
			a, 1000000 / a, b, 1000000 / b, a / b, n["store"]
	}' "$work/out"
