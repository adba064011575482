package preview

import (
	"fmt"
	"strconv"
	"strings"
)

// fps is a draft's frame rate: a still picture needs few frames, and
// captions change a few times a second at most.
const fps = 15

// sampleRate is a draft's audio sample rate.
const sampleRate = 44100

// assembly is everything ffmpeg puts together into one draft, by the
// names the inputs have in the working folder.
type assembly struct {
	d            Draft
	background   string   // an image, or "" for the colour
	avatar       string   // an image, or "" for the card
	audio        []string // per scene: its sound, or "" for a silence
	lengths      []float64
	subtitleFile string // the ASS script: captions and card
}

func (a assembly) total() float64 {
	t := 0.0
	for _, l := range a.lengths {
		t += l
	}
	return t
}

func secs(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

// inputs is ffmpeg's input arguments: the background, the avatar's image
// if any, then one sound per scene.
func (a assembly) inputs() []string {
	var args []string
	if a.background != "" {
		args = append(args, still(a.background)...)
	} else {
		args = append(args, "-f", "lavfi", "-i", fmt.Sprintf("color=c=%s:s=%dx%d:r=%d", ffColor(a.d.Background.Color), a.d.Width, a.d.Height, fps))
	}
	if a.avatar != "" {
		args = append(args, still(a.avatar)...)
	}
	for i, name := range a.audio {
		if name == "" {
			args = append(args, "-f", "lavfi", "-t", secs(a.lengths[i]), "-i", fmt.Sprintf("anullsrc=r=%d:cl=mono", sampleRate))
			continue
		}
		args = append(args, "-i", name)
	}
	return args
}

// still is the input arguments of an image shown for the whole draft.
// The image reader is named, so a GIF or WebP is read as a picture too.
func still(name string) []string {
	return []string{"-f", "image2", "-loop", "1", "-framerate", strconv.Itoa(fps), "-i", name}
}

// ffColor is a manifest colour (#RRGGBB, checked by validate) as ffmpeg
// writes it; black when there is none.
func ffColor(c string) string {
	if len(c) == 7 && c[0] == '#' {
		return "0x" + c[1:]
	}
	return "black"
}

// graph is the filter graph: the background filling the frame, the avatar
// standing at the bottom centre, the captions and card, the timeline, and
// the scenes' sounds one after another, each exactly as long as measured.
func (a assembly) graph() string {
	w, h := a.d.Width, a.d.Height
	var g []string
	g = append(g, fmt.Sprintf("[0:v]scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,setsar=1,format=yuv420p[bg]", w, h, w, h))
	base, next := "[bg]", 1
	if a.avatar != "" {
		g = append(g, fmt.Sprintf("[1:v]scale=w=%d:h=%d:force_original_aspect_ratio=decrease,setsar=1,format=yuva420p[av]", even(w*9/10), even(h*17/20)),
			"[bg][av]overlay=x=(main_w-overlay_w)/2:y=main_h-overlay_h:format=auto[base]")
		base, next = "[base]", 2
	}
	at := spans(a.lengths)
	g = append(g, fmt.Sprintf("%sass=filename=%s,%s,format=yuv420p[v]", base, a.subtitleFile, timeline(w, h, at)))
	var labels strings.Builder
	for i := range a.audio {
		g = append(g, fmt.Sprintf("[%d:a]aresample=%d,aformat=sample_fmts=fltp:channel_layouts=mono,atrim=duration=%s,apad=whole_dur=%s[a%d]",
			next+i, sampleRate, secs(a.lengths[i]), secs(a.lengths[i]), i))
		fmt.Fprintf(&labels, "[a%d]", i)
	}
	g = append(g, fmt.Sprintf("%sconcat=n=%d:v=0:a=1[a]", labels.String(), len(a.audio)))
	return strings.Join(g, ";\n")
}

func even(n int) int { return max(2, n&^1) }

// outputArgs writes the graph's picture and sound to out as an MP4 that
// plays in every browser (H.264 and AAC, its index first), exactly as long
// as the scenes.
func (a assembly) outputArgs(graphFile, out string) []string {
	return []string{
		"-filter_complex_script", graphFile,
		"-map", "[v]", "-map", "[a]", "-t", secs(a.total()),
		"-r", strconv.Itoa(fps),
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage", "-crf", "28", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-b:a", "96k",
		"-movflags", "+faststart", "-f", "mp4", "-y", out,
	}
}
