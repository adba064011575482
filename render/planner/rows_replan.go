package planner

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// toReplan is what a plan from the snapshot re-plans after some inputs
// changed: manifests whole (edited, or one of their translation files
// was), and manifests with rows whose data file changed, by the rows that
// did.
type toReplan struct {
	files []manifest.ManifestFile // re-planned whole
	rows  []*rowsEntry            // re-planned by rows, as the cache knew them
	cache rowsCache               // nil: not read (no input but manifests changed)
}

// sortChanged sorts the changed inputs (their indices in s.Files) into
// what is re-planned, or says why only a full plan can tell.
func sortChanged(root string, p *manifest.Project, s *snapshot.Snapshot, changed []int) (toReplan, *NeedFull) {
	var edited, others []int
	for _, i := range changed {
		if _, ok := p.Match(s.Files[i].Path); ok && !s.Files[i].Dir {
			edited = append(edited, i)
		} else {
			others = append(others, i)
		}
	}
	var r toReplan
	var need *NeedFull
	if r.files, need = editedManifests(p, s, edited); need != nil || len(others) == 0 {
		return r, need
	}
	r.cache = loadRows(root)
	return r, r.addInputs(p, s, others)
}

// addInputs adds what the changed inputs others, which are no manifest,
// were read for: the manifests whose data or translation file they are.
func (r *toReplan) addInputs(p *manifest.Project, s *snapshot.Snapshot, others []int) *NeedFull {
	whole := map[string]bool{}
	for _, f := range r.files {
		whole[f.Path] = true
	}
	byRows := map[string]*rowsEntry{}
	for _, i := range others {
		f := s.Files[i]
		users := r.cache.users(f.Path, s)
		if len(users) == 0 {
			return needFull(notManifest(p, f), f.Path, "")
		}
		for _, e := range users {
			mf, ok := p.Match(e.manifest)
			switch {
			case !ok:
				return needFull(ManifestsChanged, e.manifest, "")
			case variantNamed(s, strings.TrimSuffix(e.manifest, filepath.Ext(e.manifest))+"@"):
				return needFull(VariantNamed, e.manifest, "") // its rows' ids may be another manifest's
			case f.Path == e.data:
				byRows[e.manifest] = e
			case !whole[e.manifest]:
				whole[e.manifest] = true
				r.files = append(r.files, mf)
			}
		}
	}
	for m, e := range byRows {
		if !whole[m] {
			r.rows = append(r.rows, e)
		}
	}
	slices.SortFunc(r.rows, func(a, b *rowsEntry) int { return strings.Compare(a.manifest, b.manifest) })
	return nil
}

// rowEdit is a manifest with rows loaded for the rows its data file's
// edit changed, and the ids its changed and removed rows had.
type rowEdit struct {
	set    manifest.FileSet
	owners []manifest.ManifestFile // <manifest>@<key>: their actions are replaced
}

// loadRowEdits loads the manifests whose data file changed, each for the
// rows whose hash the cache does not know.
func loadRowEdits(p *manifest.Project, entries []*rowsEntry, opts manifest.Options) []rowEdit {
	if len(entries) == 0 {
		return nil
	}
	byPath := map[string]*rowsEntry{}
	files := make([]manifest.ManifestFile, len(entries))
	for i, e := range entries {
		byPath[e.manifest] = e
		files[i], _ = p.Match(e.manifest)
	}
	opts.Rows = func(m manifest.ManifestFile) map[string]string { return byPath[m.Path].rows }
	sets := manifest.LoadFiles(p, files, opts)
	out := make([]rowEdit, len(sets))
	for i, set := range sets {
		out[i] = rowEdit{set: set, owners: rowOwners(set, byPath[set.File.Path])}
	}
	return out
}

// rowOwners are the ids of the rows that changed or were added (those
// loaded) and of those removed since the cache's entry e: the keys it
// knew that the data file no longer has.
func rowOwners(set manifest.FileSet, e *rowsEntry) []manifest.ManifestFile {
	keys := map[string]bool{}
	for _, v := range set.Videos {
		keys[v.Origin.Key] = true
	}
	loaded := maps.Clone(keys)
	if now := set.Template; now != nil && now.Rows != nil {
		for h, k := range e.rows {
			// a row whose hash is gone was edited (and loaded) or removed
			if _, kept := now.Rows[h]; !kept && !loaded[k] {
				keys[k] = true
			}
		}
	}
	sorted := slices.Sorted(maps.Keys(keys))
	out := make([]manifest.ManifestFile, len(sorted))
	for i, k := range sorted {
		out[i] = manifest.ManifestFile{Path: set.File.Path, ID: set.File.ID + "@" + k}
	}
	return out
}

// recordRows updates the rows cache with what the re-planned manifests
// read, and saves it; cache is as read (nil: not read yet).
func recordRows(root string, cache rowsCache, sets []manifest.FileSet) {
	changed := false
	for _, fs := range sets {
		if fs.Template == nil {
			continue
		}
		if cache == nil {
			cache = loadRows(root)
		}
		cache[fs.File.Path], changed = entryOf(fs.Template, fs.Sum), true
	}
	if changed {
		saveRows(root, cache)
	}
}

// recordInputs records in s the data and translation files the sets
// read, as they read them.
func recordInputs(s *snapshot.Snapshot, sets []manifest.FileSet) {
	for _, fs := range sets {
		if fs.Template == nil {
			continue
		}
		for _, in := range fs.Template.Inputs {
			s.Put(snapshot.File{Path: filepath.Clean(in.Path), Size: in.Size, Mtime: in.Mtime, SHA256: in.SHA256, Exact: true})
		}
	}
}

// rowsOf is the rows cache of a full load.
func rowsOf(set *manifest.Set) rowsCache {
	c := rowsCache{}
	for _, t := range set.Templates {
		c[t.Manifest] = entryOf(t, set.Sums[t.Manifest])
	}
	return c
}

// Sizes counts the videos of a manifest with rows in the plan, by their
// ids (<manifest>@<key>, <manifest>@<key>@<locale>), orphans aside, as
// plan.Options.Sizes does: reel plan lists a manifest's pending rows
// under it as "3 of 500 rows changed" without decoding the other 497.
// (A manifest named like a row of another, welcome@x.yaml, would be
// counted with its rows: a count, never a plan, is off by it.)
func (c *Cached) Sizes(group string) (videos int, localized bool) {
	acts, err := c.snap.Actions()
	if err != nil {
		return 0, false
	}
	prefix := group + "@"
	for i := acts.Search(prefix); i < acts.Len(); i++ {
		rest, ok := strings.CutPrefix(acts.ID(i), prefix)
		if !ok {
			break
		}
		if acts.Kind(i) != string(plan.Orphan) {
			videos++
			localized = localized || strings.Contains(rest, "@")
		}
	}
	return videos, localized
}
