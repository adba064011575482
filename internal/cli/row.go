package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/reel-dev/reel/internal/textsafe"
)

// Row writes one row of a table to w, a tabwriter. Its cells come from
// elsewhere (a provider's listing, reel.lock, reel.yaml): each control
// character becomes a space, so that none moves the cursor, retitles the
// terminal or, a tab, adds a column.
func Row(w io.Writer, cells ...string) {
	for i, c := range cells {
		cells[i] = textsafe.OneLine(c)
	}
	fmt.Fprintln(w, strings.Join(cells, "\t"))
}
