package render

import (
	"os"
	"path/filepath"
	"sort"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// StatusRow is one video of reel status: what reel.lock records of it, and
// whether its output is on disk. It is also reel status --json's format
// (reel schema status).
type StatusRow struct {
	ID       string     `json:"id"`
	State    lock.State `json:"state"`
	Provider string     `json:"provider"`
	Job      string     `json:"job,omitempty"`
	Output   string     `json:"output,omitempty"`
	OnDisk   bool       `json:"on_disk"`
	CostUSD  float64    `json:"cost_usd,omitempty"`
	Error    string     `json:"error,omitempty"`
}

// Status lists the videos of l, whose outputs are below outputDir: jobs in
// flight first, then by id.
func Status(outputDir string, l *lock.Lock) []StatusRow {
	rows := make([]StatusRow, 0, len(l.Videos))
	for _, v := range l.Videos {
		_, err := os.Stat(filepath.Join(outputDir, filepath.FromSlash(v.Output)))
		rows = append(rows, StatusRow{v.ID, v.State, v.Provider, v.Job, v.Output, v.Output != "" && err == nil, v.CostUSD, v.Error})
	}
	sort.Slice(rows, func(i, j int) bool {
		if pi, pj := rows[i].State == lock.Pending, rows[j].State == lock.Pending; pi != pj {
			return pi
		}
		return rows[i].ID < rows[j].ID
	})
	return rows
}

// SandboxRows counts the rows the sandbox rendered.
func SandboxRows(rows []StatusRow) int {
	n := 0
	for _, r := range rows {
		if _, ok := registry.Sandboxed(r.Provider); ok {
			n++
		}
	}
	return n
}
