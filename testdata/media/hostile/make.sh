#!/bin/sh
# Regenerates the lying media answers in this folder: each file is a whole
# HTTP answer, status line, headers and body, as a hostile or broken server
# writes it on the wire (the fakes' Raw fault replays it). Needs only a
# POSIX shell; the WebM one is cut from ../9x16.webm.
# Run from anywhere: sh testdata/media/hostile/make.sh
set -eu
cd "$(dirname "$0")"

# answer LENGTH: the status line and headers of a 200 with that
# Content-Length; Connection: close, since the body may be longer.
answer() {
	printf 'HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %s\r\nConnection: close\r\n\r\n' "$1" "$2"
}
ftyp='\0\0\0\030ftypisom\0\0\02\0isommp41' # a 24-byte ftyp box

# A whole 40-byte MP4 (ftyp 24, moov 8, mdat 8) under Content-Length: 20:
# an HTTP client reads 20 bytes and sees a clean end.
{
	answer video/mp4 20
	printf "$ftyp"'\0\0\0\010moov\0\0\0\010mdat'
} > length-lies.mp4.http

# 212 bytes under an honest Content-Length: the ftyp box, then zeros
# (a file whose space was allocated but never written).
{
	answer video/mp4 212
	printf "$ftyp"
	dd if=/dev/zero bs=188 count=1 2>/dev/null
} > ftyp-then-zeros.mp4.http

# The first 4000 bytes of a real WebM under an honest Content-Length:
# its Segment declares 7719 bytes, 3952 follow.
{
	answer video/webm 4000
	dd if=../9x16.webm bs=4000 count=1 2>/dev/null
} > segment-cut.webm.http
