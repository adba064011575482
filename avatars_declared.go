package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// declaredKind is the kind `reel avatars` gives the photo avatars reel.yaml
// declares: a manifest names one as avatar.photo.
const declaredKind = "photo"

// declaredRow is a photo avatar reel.yaml declares, as `reel avatars`
// lists it beside the account's: its name (what avatar.photo takes), its
// photos and looks, and the id the account's training gave it, if any.
type declaredRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Photos  int      `json:"photos"`
	Looks   []string `json:"looks,omitempty"`
	Trained string   `json:"trained,omitempty"`
}

// withDeclared appends to the account's rows the photo avatars of the
// project's reel.yaml, with what reel.lock records of their training at
// the account that renders for lockName (heygen/v3, sandbox:heygen/v3).
// Outside a project, or where the project does not load, rows are as
// they were.
func withDeclared(rows json.RawMessage, lockName string) json.RawMessage {
	root, err := manifest.Find(".")
	if err != nil {
		return rows
	}
	p, err := manifest.LoadProject(root)
	if err != nil || len(p.Avatars) == 0 {
		return rows
	}
	l, _ := lock.Read(filepath.Join(root, lock.FileName))
	var all []json.RawMessage
	json.Unmarshal(rows, &all)
	for _, r := range declaredRows(p, l, lockName) {
		b, _ := json.Marshal(r)
		all = append(all, b)
	}
	out, err := json.Marshal(all)
	if err != nil {
		return rows
	}
	return out
}

func declaredRows(p *manifest.Project, l *lock.Lock, lockName string) []declaredRow {
	trainer, _ := registry.Trainer(lockName)
	var out []declaredRow
	for name, a := range p.Avatars {
		r := declaredRow{ID: name, Name: name, Kind: declaredKind, Photos: len(a.Photos), Looks: a.LookNames()}
		if l != nil && trainer != "" {
			if rec := l.Avatars[lock.AvatarID(trainer, name)]; rec != nil && rec.State == lock.AvatarTrained && rec.Photos == a.PhotosKey {
				r.Trained = rec.Trained
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b declaredRow) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// printDeclared lists the declared photo avatars of rows, after the
// account's.
func printDeclared(w io.Writer, data json.RawMessage) {
	var rows []declaredRow
	json.Unmarshal(data, &rows)
	rows = slices.DeleteFunc(rows, func(r declaredRow) bool { return r.Kind != declaredKind })
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "\nDeclared in reel.yaml (avatar: {photo: NAME}):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	fmt.Fprintln(tw, "NAME\tPHOTOS\tLOOKS\tTRAINED")
	for _, r := range rows {
		trained := r.Trained
		if trained == "" {
			trained = "not yet: reel render trains it"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", r.Name, r.Photos, orDash(strings.Join(r.Looks, ", ")), trained)
	}
}
