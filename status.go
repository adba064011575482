package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/schema"
)

var statusCommand = &command{
	Name:    "status",
	Summary: "show reel.lock: what was rendered, what is in flight, what is on disk",
	Long: `Shows reel.lock: each video's state, provider, job and output, and whether
the output is on disk. Jobs in flight are listed first. --json prints it as
JSON (reel schema status).
`,
	Run:  runStatus,
	JSON: &cli.JSON{Schema: schema.Status, Usage: "print the lock's videos as JSON"},
}

func runStatus(e *env, _ any, _ []string) error {
	p, l, err := planner.Recorded(e.dir)
	if err != nil {
		return err
	}
	rows := render.Status(p.OutputDir, l)
	if e.json != nil {
		return e.json.Document(rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "VIDEO\tSTATE\tPROVIDER\tJOB\tOUTPUT")
	for _, r := range rows {
		out := r.Output
		if out != "" && !r.OnDisk {
			out += " (missing: reel fetch)"
		}
		if r.Error != "" {
			out += " " + r.Error
		}
		cli.Row(w, r.ID, string(r.State), r.Provider, r.Job, out)
	}
	w.Flush()
	fmt.Fprintf(e.stdout, "%s in reel.lock\n", english.Count(len(rows), "video"))
	if n := render.SandboxRows(rows); n > 0 {
		fmt.Fprintf(e.stdout, "%d rendered in the sandbox (provider sandbox:...): free stand-ins that a real run renders again (sandbox: false in reel.yaml, or --sandbox=false)\n", n)
	}
	return nil
}
