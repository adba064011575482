#!/usr/bin/env bash
# Measures a fresh runner restoring 1,000 recorded outputs (8 KiB MP4s)
# from a store on versitygw as reel fetch does (render.Runner.Fetch: each
# output written to a temporary file, checked by its structure and SHA-256,
# synced and renamed into place, 16 at a time, no provider asked) against
# plain GETs of the same objects' presigned URLs with net/http into
# io.Discard, 16 at a time. The pairs interleave (each round runs reel, then
# the plain GETs, over one server and one set of objects); the client is
# pinned to core 0 and versitygw to core 1. It prints each side's median
# and the ratio. Not part of `go test`: about a minute.
#   scripts/store-fetch-bench.sh [rounds]   (default 7)
# It needs versitygw: $REEL_VERSITYGW, on PATH or in ~/go/bin
# (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gw=${REEL_VERSITYGW:-$(command -v versitygw || echo "$HOME/go/bin/versitygw")}
[ -x "$gw" ] || { echo "versitygw not found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0" >&2; exit 1; }
go test -c -o "$work/render.test" ./render
pin=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	pin=(taskset -c 0)
	printf '#!/bin/sh\nexec taskset -c 1 %q "$@"\n' "$gw" > "$work/versitygw"
	chmod +x "$work/versitygw"
	gw=$work/versitygw
fi
for _ in $(seq "${1:-7}"); do # one round runs each side once: A B A B ...
	(cd render && REEL_VERSITYGW=$gw "${pin[@]}" "$work/render.test" -test.run '^$' \
		-test.bench 'FetchFromStore1000' -test.benchtime 1x) | grep -E '^BenchmarkFetchFromStore1000'
done | tee "$work/out"
awk '/^BenchmarkFetchFromStore1000/ {
		split($1, p, "/"); sub(/-[0-9]+$/, "", p[2]); c = p[2]
		v[c, ++n[c]] = $3 / 1e6
	}
	function median(c,   i, j, t, m) {
		m = n[c]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[c, j] < v[c, i]) { t = v[c, i]; v[c, i] = v[c, j]; v[c, j] = t }
		return m % 2 ? v[c, (m + 1) / 2] : (v[c, m / 2] + v[c, m / 2 + 1]) / 2
	}
	END {
		a = median("reel"); b = median("plain")
		printf "1,000 outputs restored: reel %.0f ms (%.0f/s), plain GETs %.0f ms (%.0f/s): reel takes %.2fx the time (median of %d)\n",
			a, 1000000 / a, b, 1000000 / b, a / b, n["reel"]
	}' "$work/out"
