package preview

import (
	"fmt"
	"math"
	"strings"
)

// timelineColor is the scene that is playing, on the timeline.
const timelineColor = "0x4FC3F7"

// timelineHeight is the height of the timeline at the frame's bottom
// edge, in pixels: thin, but visible at any size.
func timelineHeight(frameHeight int) int {
	return max(4, int(math.Round(float64(frameHeight)/135)))
}

// timeline is the filters that draw a thin bar of the scenes along the
// frame's bottom edge: each scene a segment as long as it plays, the one
// playing lit, and a mark at each boundary between scenes.
func timeline(width, height int, at []span) string {
	total := at[len(at)-1].end
	th := timelineHeight(height)
	y := height - th
	x := func(t float64) int { return int(math.Round(t / total * float64(width))) }
	box := func(x0, w int, color, enable string) string {
		f := fmt.Sprintf("drawbox=x=%d:y=%d:w=%d:h=%d:color=%s:t=fill", x0, y, max(w, 1), th, color)
		if enable != "" {
			f += ":enable='" + enable + "'"
		}
		return f
	}
	parts := []string{box(0, width, "black@0.55", "")}
	for i, s := range at {
		x0, x1 := x(s.start), x(s.end)
		parts = append(parts,
			box(x0, x1-x0, "white@0.35", ""),
			box(x0, x1-x0, timelineColor+"@0.95", fmt.Sprintf("between(t,%.3f,%.3f)", s.start, s.end)))
		if i < len(at)-1 {
			parts = append(parts, box(x1-1, 2, "black", ""))
		}
	}
	return strings.Join(parts, ",")
}
