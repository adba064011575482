package render

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// DeclaredKind is the kind `reel avatars` gives the photo avatars
// reel.yaml declares: a manifest names one as avatar.photo.
const DeclaredKind = "photo"

// DeclaredRow is a photo avatar reel.yaml declares, as `reel avatars`
// lists it beside the account's: its name (what avatar.photo takes), its
// photos and looks, and the id the account's training gave it, if any.
type DeclaredRow struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Photos  int      `json:"photos"`
	Looks   []string `json:"looks,omitempty"`
	Trained string   `json:"trained,omitempty"`
}

// WithDeclared appends to the account's rows the photo avatars of the
// project's reel.yaml, with what reel.lock records of their training at
// the account that renders for lockName (heygen/v3, sandbox:heygen/v3),
// for the project at dir or above it. Outside a project, or where the
// project does not load, rows are as they were.
func WithDeclared(dir string, rows json.RawMessage, lockName string) json.RawMessage {
	root, err := manifest.Find(dir)
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
	for _, r := range DeclaredRows(p, l, lockName) {
		b, _ := json.Marshal(r)
		all = append(all, b)
	}
	out, err := json.Marshal(all)
	if err != nil {
		return rows
	}
	return out
}

func DeclaredRows(p *manifest.Project, l *lock.Lock, lockName string) []DeclaredRow {
	trainer, _ := registry.Trainer(lockName)
	var out []DeclaredRow
	for name, a := range p.Avatars {
		r := DeclaredRow{ID: name, Name: name, Kind: DeclaredKind, Photos: len(a.Photos), Looks: a.LookNames()}
		if l != nil && trainer != "" {
			if rec := l.Avatars[lock.AvatarID(trainer, name)]; rec != nil && rec.State == lock.AvatarTrained && rec.Photos == a.PhotosKey {
				r.Trained = rec.Trained
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b DeclaredRow) int { return strings.Compare(a.Name, b.Name) })
	return out
}
