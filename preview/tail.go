package preview

import (
	"strings"
	"time"
)

// maxOut is the most a tool may write to stdout: a list of voices or a
// probe's few lines, never media.
const maxOut = 1 << 20

// waitDelay is how long a cancelled tool's pipes may stay open after it
// is killed.
const waitDelay = 5 * time.Second

// headBuffer keeps the first max bytes written to it and notes whether
// there were more, so a tool that writes without end cannot eat memory.
type headBuffer struct {
	buf []byte
	max int
	cut bool
}

func (b *headBuffer) Write(p []byte) (int, error) {
	n := len(p)
	room := b.max - len(b.buf)
	if len(p) > room {
		b.cut = true
		p = p[:max(room, 0)]
	}
	b.buf = append(b.buf, p...)
	return n, nil
}

// tailBuffer keeps the last max bytes written to it: the end of a tool's
// complaints, where the reason is.
type tailBuffer struct {
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	n := len(p)
	b.buf = append(b.buf, p...)
	if len(b.buf) > b.max {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-b.max:]...)
	}
	return n, nil
}

// lastLines is the last few lines kept, trimmed and joined by "; ".
func (b *tailBuffer) lastLines() string {
	var out []string
	for _, l := range strings.Split(string(b.buf), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	if len(out) > 4 {
		out = out[len(out)-4:]
	}
	return strings.Join(out, "; ")
}
