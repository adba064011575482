#!/bin/sh
# Regenerates the tiny media fixtures in this folder: 1 s clips, one video and
# one audio stream each, a few KB. Needs ffmpeg (Debian: apt-get install ffmpeg).
# Run from anywhere: sh testdata/media/make.sh
set -eu
cd "$(dirname "$0")"

# Output flags (ffmpeg wants them after the inputs): no metadata, no creation
# times, no version strings (the bitexact encoder tag is just "Lavc libx264"),
# one thread, so a given ffmpeg build gives the same bytes each run.
g="-hide_banner -loglevel error -y"
out="-map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact -threads 1"

# mp4 W H OUT: H.264 (x264 SEI with its settings string stripped) + AAC mono.
mp4() {
	ffmpeg $g \
		-f lavfi -i "testsrc2=size=$1x$2:rate=5:duration=1" \
		-f lavfi -i "sine=frequency=440:sample_rate=16000:duration=1" \
		$out -c:v libx264 -preset veryslow -crf 40 -pix_fmt yuv420p -g 5 \
		-bsf:v filter_units=remove_types=6 \
		-c:a aac -b:a 16k -ac 1 \
		-shortest -movflags +faststart "$3"
}

mp4 320 180 16x9.mp4
mp4 180 320 9x16.mp4
mp4 240 240 1x1.mp4

# WebM: VP9 + Opus.
ffmpeg $g \
	-f lavfi -i "testsrc2=size=180x320:rate=5:duration=1" \
	-f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1" \
	$out -c:v libvpx-vp9 -b:v 0 -crf 50 -deadline good -cpu-used 4 -row-mt 0 -pix_fmt yuv420p -g 5 \
	-c:a libopus -b:a 12k -ac 1 \
	-shortest 9x16.webm
