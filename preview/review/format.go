package review

import (
	"fmt"
	"math"
	"strings"
)

// length is seconds as m:ss, marked as measured from a draft or as a
// guess: "1:04 (measured)", "~1:04 (estimated)".
func length(c Cost) string {
	s := int(math.Round(c.Seconds))
	l := fmt.Sprintf("%d:%02d", s/60, s%60)
	if c.Measured {
		return l + " (measured)"
	}
	return "~" + l + " (estimated)"
}

// money is the cost in dollars and, where billed so, credits.
func money(c Cost) string {
	var parts []string
	prefix := ""
	if c.Unknown {
		prefix = "at least "
	}
	parts = append(parts, fmt.Sprintf("%s$%.2f", prefix, c.USD))
	if c.Credits > 0 {
		parts = append(parts, strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", c.Credits), "0"), ".")+" credits")
	}
	return strings.Join(parts, ", ")
}
