#!/usr/bin/env bash
# How long the examples' scripts run, three ways: reel plan's guess (150
# words a minute over the voice's speed), the fakes' duration (HeyGen's
# fake: 150 words a minute, whatever the speed), and a draft's measured
# speech (espeak-ng at 150 words a minute times the speed, as preview
# speaks, measured by ffprobe). Prints one line per script and the mean
# absolute errors of the guess against the measured length, and of both
# estimates against the fake's duration.
# Needs espeak-ng and ffprobe (apt-get install espeak-ng ffmpeg).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# voice|speed|script: the scripts of examples/videos
scripts=(
	"en-us|1.0|Acme two point oh is here. Faster invoices, happier customers."
	"es|1.0|Llega Acme dos punto cero. Facturas más rápidas, clientes más felices."
	"en-us|1.0|Hi, I'm Angela from Acme. In the next minute you'll see how an invoice goes from draft to paid without a single spreadsheet."
	"en-us|1.1|Create the invoice, send it with one click, and Acme reminds your customer until it is paid. That's it."
)

printf '%-5s %5s %6s %8s %8s %9s %7s %9s %9s\n' voice speed words guess fake measured error g-vs-fake m-vs-fake
sum=0
sumg=0
summ=0
for s in "${scripts[@]}"; do
	IFS='|' read -r voice speed text <<<"$s"
	words=$(wc -w <<<"$text")
	rate=$(awk -v s="$speed" 'BEGIN { printf "%d", 150 * s + 0.5 }')
	espeak-ng -v "$voice" -s "$rate" -w "$tmp/s.wav" "$text"
	measured=$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$tmp/s.wav")
	read -r guess fake err gerr merr < <(awk -v w="$words" -v s="$speed" -v m="$measured" \
		'BEGIN { g = w / 2.5 / s; f = w / 2.5; printf "%.2f %.2f %.1f %.1f %.1f\n", g, f, (g - m) / m * 100, (g - f) / f * 100, (m - f) / f * 100 }')
	printf '%-5s %5s %6d %7.2fs %7.2fs %8.2fs %6s%% %8s%% %8s%%\n' "$voice" "$speed" "$words" "$guess" "$fake" "$measured" "$err" "$gerr" "$merr"
	sum=$(awk -v a="$sum" -v e="$err" 'BEGIN { print a + (e < 0 ? -e : e) }')
	sumg=$(awk -v a="$sumg" -v e="$gerr" 'BEGIN { print a + (e < 0 ? -e : e) }')
	summ=$(awk -v a="$summ" -v e="$merr" 'BEGIN { print a + (e < 0 ? -e : e) }')
done
awk -v a="$sum" -v n="${#scripts[@]}" 'BEGIN { printf "guess vs measured: mean absolute error %.1f%%\n", a / n }'
awk -v a="$sumg" -v n="${#scripts[@]}" 'BEGIN { printf "guess vs fake: mean absolute error %.1f%%\n", a / n }'
awk -v a="$summ" -v n="${#scripts[@]}" 'BEGIN { printf "measured vs fake: mean absolute error %.1f%%\n", a / n }'
