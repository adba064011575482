package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Garbage is what reel gc lists: what no manifest refers to any more.
type Garbage struct {
	Entries  []string // lock entries of videos no manifest has
	Files    []string // files below output_dir that no video writes, slash paths
	Requests []string // kept requests no lock entry needs, below lock.RequestsDir
	// Avatars are the photo avatar trainings reel.lock records that no
	// video uses any more (by the account that renders it: a sandbox
	// training is not a real one); Declared are the avatars reel.yaml
	// declares that no video uses, which are the person's to remove from
	// reel.yaml, never removed here.
	Avatars, Declared []string
}

// Empty reports whether there is nothing to collect.
func (g Garbage) Empty() bool { return len(g.Entries)+len(g.Files)+len(g.Requests)+len(g.Avatars) == 0 }

// FindGarbage lists what the videos of set do not refer to, in the
// project's output_dir and reel.lock. The outputs of videos that exist,
// and their sidecars, are never listed.
func FindGarbage(set *manifest.Set) (Garbage, error) {
	l, err := lock.Read(filepath.Join(set.Project.Root, lock.FileName))
	if err != nil {
		return Garbage{}, err
	}
	keep := map[string]bool{} // outputs (and their sidecars) of live videos
	live := map[string]bool{}
	for _, v := range set.Videos {
		live[v.ID] = true
		keep[v.Output] = true
		stem := strings.TrimSuffix(v.Output, filepath.Ext(v.Output))
		for _, ext := range append(CaptionExts, ThumbnailExts...) {
			keep[stem+ext] = true
		}
	}
	var g Garbage
	for id := range l.Videos {
		if !live[id] {
			g.Entries = append(g.Entries, id)
		}
	}
	sort.Strings(g.Entries)
	g.Files = strayOutputs(set.Project.OutputDir, keep)
	g.Requests = l.UnusedRequests()
	g.Avatars, g.Declared = unusedAvatars(set, l)
	return g, nil
}

// unusedAvatars are the photo avatars no video uses: the trainings
// reel.lock records, and the avatars reel.yaml declares.
func unusedAvatars(set *manifest.Set, l *lock.Lock) (records, declared []string) {
	used := map[string]bool{}
	named := map[string]bool{}
	for _, v := range set.Videos {
		trainer, ok := registry.Trainer(v.ProviderName())
		for _, u := range v.Request.Avatars {
			named[u.Avatar.Name] = true
			if ok {
				used[lock.AvatarID(trainer, u.Avatar.Name)] = true
			}
		}
	}
	for id := range l.Avatars {
		if !used[id] {
			records = append(records, id)
		}
	}
	for name := range set.Project.Avatars {
		if !named[name] {
			declared = append(declared, name)
		}
	}
	slices.Sort(records)
	slices.Sort(declared)
	return records, declared
}

// Remove removes the garbage of the project p, and returns what it
// removed: the requests unused once the entries are gone too.
func (g Garbage) Remove(p *manifest.Project) (Garbage, error) {
	_, err := lock.Update(filepath.Join(p.Root, lock.FileName), func(l *lock.Lock) error {
		// Under the lock, so no render writes a request in between. The
		// removed entries' requests go with them, when the lock stops
		// naming them.
		removed, err := l.RemoveUnusedRequests()
		g.Requests = removed
		for _, id := range g.Entries {
			l.Remove(id)
		}
		for _, id := range g.Avatars { // the trained group stays in the account
			l.RemoveAvatar(id)
		}
		return err
	})
	if err != nil {
		return g, err
	}
	for _, f := range g.Files {
		if err := os.Remove(filepath.Join(p.OutputDir, filepath.FromSlash(f))); err != nil {
			return g, err
		}
	}
	return g, nil
}

// strayOutputs lists the files below dir that keep does not name, of the
// kinds reel writes there (videos, captions, thumbnails), skipping its own
// temporary downloads of a run in progress. Any other file in output_dir
// (a .gitkeep, a README) is the user's, and gc leaves it be.
func strayOutputs(dir string, keep map[string]bool) []string {
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".reel-download-") || !reelWrites(d.Name()) {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if rel = filepath.ToSlash(rel); !keep[rel] {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// reelWrites reports whether a file of this name is of a kind reel writes
// in output_dir: an output, a caption or a thumbnail.
func reelWrites(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".mp4" || ext == ".webm" || slices.Contains(CaptionExts, ext) || slices.Contains(ThumbnailExts, ext)
}
