package fake

import (
	"bytes"
	"crypto/hmac"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// heygenMedia is a completed video's URLs, signed afresh for one answer.
type heygenMedia struct {
	video, captioned, subtitle, thumbnail, gif string
	duration                                   float64
}

// completed signs every URL a finished video has: the video (and its
// captioned copy) on the media host, the caption file (subExt "srt" for
// v3, "ass" for v1), thumbnail and GIF on the file host.
func (h *HeyGen) completed(j Job, v *heygenVideo, subExt string) heygenMedia {
	m := heygenMedia{video: h.srv.MediaURL(j), duration: v.seconds}
	if d, ok := heygenMP4Duration(h.srv.opts.Media[j.Media]); ok {
		m.duration = d
	}
	if v.burnIn {
		m.captioned = h.srv.MediaURL(j)
	}
	if v.subtitles {
		m.subtitle = h.signed("/sidecars/" + url.PathEscape(j.ID) + "/captions." + subExt)
	}
	m.thumbnail = h.signed("/sidecars/" + url.PathEscape(j.ID) + "/thumbnail.jpg")
	m.gif = h.signed("/sidecars/" + url.PathEscape(j.ID) + "/preview.gif")
	return m
}

// signed returns a presigned URL of path on the file host, valid for the
// media TTL, different on every call.
func (h *HeyGen) signed(path string) string {
	h.mu.Lock()
	h.seq++
	n := h.seq
	h.mu.Unlock()
	exp := strconv.FormatInt(h.srv.clock.Now().Add(h.srv.opts.MediaTTL).Unix(), 10)
	q := "Expires=" + exp + "&n=" + strconv.Itoa(n)
	return h.files.URL + path + "?" + q + "&Signature=" + h.srv.sign(path, q)
}

// verified answers 403 as S3 does for a bad signature or an expired URL.
func (h *HeyGen) verified(w http.ResponseWriter, r *http.Request) bool {
	q := r.URL.Query()
	signed := "Expires=" + q.Get("Expires") + "&n=" + q.Get("n")
	if !hmac.Equal([]byte(q.Get("Signature")), []byte(h.srv.sign(r.URL.EscapedPath(), signed))) {
		denied(w, "Invalid signature")
		return false
	}
	exp, _ := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if h.srv.clock.Now().Unix() > exp {
		denied(w, "Request has expired")
		return false
	}
	return true
}

func (h *HeyGen) serveSidecar(w http.ResponseWriter, r *http.Request) {
	if !h.verified(w, r) {
		return
	}
	j, phase, v, ok := h.video(r.PathValue("job"))
	if !ok || phase != PhaseCompleted {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	var body []byte
	ctype := "text/plain; charset=utf-8"
	switch name := r.PathValue("name"); {
	case name == "thumbnail.jpg":
		body, ctype = heygenThumbnail(), "image/jpeg"
	case name == "preview.gif":
		body, ctype = heygenGIF(), "image/gif"
	case name == "captions.srt" && v.subtitles:
		body, ctype = heygenSRT(v.script, h.completedSeconds(j, v)), "application/x-subrip"
	case name == "captions.ass" && v.subtitles:
		body = heygenASS(v.script, h.completedSeconds(j, v))
	default:
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func (h *HeyGen) completedSeconds(j Job, v *heygenVideo) float64 {
	if d, ok := heygenMP4Duration(h.srv.opts.Media[j.Media]); ok {
		return d
	}
	return v.seconds
}

// heygenCues splits a script into caption cues of about eight words,
// spread evenly over secs.
func heygenCues(script string, secs float64) (cues []string, starts []time.Duration, each time.Duration) {
	words := strings.Fields(script)
	for len(words) > 0 {
		n := min(8, len(words))
		cues = append(cues, strings.Join(words[:n], " "))
		words = words[n:]
	}
	if len(cues) == 0 {
		cues = []string{"…"}
	}
	each = time.Duration(secs * float64(time.Second) / float64(len(cues)))
	for i := range cues {
		starts = append(starts, time.Duration(i)*each)
	}
	return cues, starts, each
}

// heygenSRT is the SubRip file v3 links as subtitle_url.
func heygenSRT(script string, secs float64) []byte {
	cues, starts, each := heygenCues(script, secs)
	stamp := func(d time.Duration) string {
		ms := d.Milliseconds()
		return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
	}
	var b bytes.Buffer
	for i, c := range cues {
		fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", i+1, stamp(starts[i]), stamp(starts[i]+each), c)
	}
	return b.Bytes()
}

// heygenASS is the Advanced SubStation file v1 links as caption_url.
func heygenASS(script string, secs float64) []byte {
	cues, starts, each := heygenCues(script, secs)
	stamp := func(d time.Duration) string {
		cs := d.Milliseconds() / 10
		return fmt.Sprintf("%d:%02d:%02d.%02d", cs/360000, cs/6000%60, cs/100%60, cs%100)
	}
	var b bytes.Buffer
	b.WriteString("[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")
	for i, c := range cues {
		fmt.Fprintf(&b, "Dialogue: 0,%s,%s,Default,,0,0,0,,%s\n", stamp(starts[i]), stamp(starts[i]+each), c)
	}
	return b.Bytes()
}

// heygenThumbnail and heygenGIF are small real images, encoded once.
var heygenThumbnail = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, heygenFrame(), nil)
	return b.Bytes()
})

var heygenGIF = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	_ = gif.Encode(&b, heygenFrame(), nil)
	return b.Bytes()
})

func heygenFrame() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 32, 18))
	for y := range 18 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{0x0A, 0x25, 0x40 + uint8(x*4), 0xFF})
		}
	}
	return img
}

// heygenMP4Duration reads the movie header (mvhd) of an MP4, so a fake
// reports the length of the file it serves.
func heygenMP4Duration(b []byte) (float64, bool) {
	i := bytes.Index(b, []byte("mvhd"))
	if i < 0 || len(b) < i+36 {
		return 0, false
	}
	var scale, dur uint64
	if b[i+4] == 1 {
		scale = uint64(binary.BigEndian.Uint32(b[i+24:]))
		dur = binary.BigEndian.Uint64(b[i+28:])
	} else {
		scale = uint64(binary.BigEndian.Uint32(b[i+16:]))
		dur = uint64(binary.BigEndian.Uint32(b[i+20:]))
	}
	if scale == 0 {
		return 0, false
	}
	return float64(dur) / float64(scale), true
}
