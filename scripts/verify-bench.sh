#!/usr/bin/env bash
# Measures what verifying a download's structure (render/mediacheck) costs
# on a 1 GiB MP4: io.Copy alone against io.Copy with the Verifier beside
# the writer, into nothing and into SHA-256 (fetch hashes every download).
# The pairs interleave (A B A B: each round runs every case once), pinned
# to one core; it prints each case's median throughput and the
# verifier's cost against its peer. Not part of `go test`: about a minute.
#   scripts/verify-bench.sh [rounds]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/mediacheck.test" ./render/mediacheck
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
for _ in $(seq "${1:-7}"); do # one round runs each case once: A B A B ...
	(cd render/mediacheck && "${pin[@]}" "$work/mediacheck.test" -test.run '^$' -test.bench 'Verify1GiB' \
		-test.benchtime 1x -test.cpu 1) | grep -E '^Benchmark'
done | tee "$work/out"
awk '/^BenchmarkVerify1GiB/ {
		split($1, p, "/"); c = p[2] "/" p[3]
		for (i = 2; i <= NF; i++) if ($(i+1) == "MB/s") v[c, ++n[c]] = $i
	}
	function median(c,   i, j, t, m) {
		m = n[c]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[c, j] < v[c, i]) { t = v[c, i]; v[c, i] = v[c, j]; v[c, j] = t }
		return m % 2 ? v[c, (m + 1) / 2] : (v[c, m / 2] + v[c, m / 2 + 1]) / 2
	}
	END {
		for (s = 1; s <= 2; s++) {
			sink = s == 1 ? "discard" : "sha256"
			a = median(sink "/copy"); b = median(sink "/copy+verify")
			printf "%-8s io.Copy %8.0f MB/s   io.Copy+Verifier %8.0f MB/s   cost %+.1f%% (median of %d)\n", sink, a, b, (a / b - 1) * 100, n[sink "/copy"]
		}
	}' "$work/out"
