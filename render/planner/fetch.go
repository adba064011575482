package planner

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
)

// FetchIDs returns the ids of l's videos the arguments name, sorted: a
// video id (one without @ takes its variants too), or a manifest file or
// folder of them, given in the folder dir, as other commands take them. A
// video whose manifest is gone is named by its id. No argument names every
// video.
func FetchIDs(p *manifest.Project, l *lock.Lock, dir string, args []string) ([]string, error) {
	all := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		all = append(all, id)
	}
	sort.Strings(all)
	if len(args) == 0 {
		return all, nil
	}
	picked := map[string]bool{}
	var miss []string
	for _, a := range args {
		hit := pickIDs(all, picked, func(id string) bool { return id == a || baseID(id) == a })
		if !hit {
			files, err := manifestIDs(p, dir, a)
			if err != nil {
				return nil, err
			}
			hit = pickIDs(all, picked, func(id string) bool { return files[baseID(id)] })
		}
		if !hit {
			miss = append(miss, fmt.Sprintf("%q", a))
		}
	}
	if len(miss) > 0 {
		return nil, fmt.Errorf("no video in reel.lock matches %s: give a video id (reel status lists them), a manifest file or a folder of them", strings.Join(miss, ", "))
	}
	var out []string
	for _, id := range all {
		if picked[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// pickIDs marks the ids that match, and reports whether any did.
func pickIDs(all []string, picked map[string]bool, match func(string) bool) bool {
	hit := false
	for _, id := range all {
		if match(id) {
			picked[id], hit = true, true
		}
	}
	return hit
}

// baseID is a video id without its variant.
func baseID(id string) string {
	base, _, _ := strings.Cut(id, "@")
	return base
}

// manifestIDs is the ids of the manifests a path argument names: a
// manifest file or a folder of them.
func manifestIDs(p *manifest.Project, dir, text string) (map[string]bool, error) {
	files, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	only := NewArgs(dir, []string{text})
	ids := map[string]bool{}
	for _, f := range files {
		if only.File(f) {
			ids[f.ID] = true
		}
	}
	return ids, nil
}

// Refetch is what reel fetch has to do for the videos it was asked for.
type Refetch struct {
	// Missing holds the recorded render of each video whose output is
	// missing or is not the file recorded, one per output file.
	Missing []lock.Recorded
	// Failed holds the videos whose output could not be checked (a FIFO in
	// its place, a path out of output_dir), or whose output reel.lock
	// records for another video as a different file.
	Failed map[string]error
	// Unfinished holds, for the videos named, each one with no finished
	// render to fetch.
	Unfinished []error
}

// MissingOutputs is what fetching ids of l needs: the recorded render of
// each video whose output is missing or is not the file recorded, and the
// videos whose output could not be checked. A video with no finished
// render is passed over, and said to be (in Unfinished) when named.
func MissingOutputs(p *manifest.Project, l *lock.Lock, ids []string, named bool) Refetch {
	stat := StatOutputs(p.OutputDir)
	r := Refetch{Failed: map[string]error{}}
	var recs []lock.Recorded
	for _, id := range ids {
		v := l.Videos[id]
		if v.State != lock.Done || v.Output == "" {
			if named {
				r.Unfinished = append(r.Unfinished, fmt.Errorf("%s: no finished render in reel.lock to fetch (it is %s): run reel render %s", id, v.State, id))
			}
			continue
		}
		if _, err := lock.OutputPath(p.OutputDir, v.Output); err != nil {
			r.Failed[id] = err // planted by a branch: not even looked at
			continue
		}
		out, err := stat(v.Output)
		switch {
		case err != nil:
			r.Failed[id] = err
		case !out.Exists || out.Size != v.Size || out.SHA256 != v.SHA256:
			recs = append(recs, lock.Recorded{ID: id, Render: v.Render()})
		}
	}
	r.Missing = onePerOutput(recs, r.Failed)
	return r
}

// onePerOutput keeps one download per output file. Two entries may record
// one output (a renamed manifest leaves its old id until reel gc): the
// same file is fetched once; different files are not fetched, for either
// would undo the other, and each is failed saying so.
func onePerOutput(recs []lock.Recorded, failed map[string]error) []lock.Recorded {
	byOutput := map[string][]lock.Recorded{}
	for _, r := range recs {
		byOutput[r.Output] = append(byOutput[r.Output], r)
	}
	var out []lock.Recorded
	for _, r := range recs {
		same := byOutput[r.Output]
		switch {
		case same[0].ID != r.ID:
		case sameFile(same):
			out = append(out, r)
		default:
			for _, x := range same {
				failed[x.ID] = fmt.Errorf("reel.lock records %s as the output of %d videos, as different files: `reel gc` removes the entries no manifest names", x.Output, len(same))
			}
		}
	}
	return out
}

// sameFile reports whether the records are all of one file.
func sameFile(recs []lock.Recorded) bool {
	for _, r := range recs[1:] {
		if r.Size != recs[0].Size || r.SHA256 != recs[0].SHA256 {
			return false
		}
	}
	return true
}

// Recorded finds the project at dir or above it and reads its reel.lock.
func Recorded(dir string) (*manifest.Project, *lock.Lock, error) {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil, nil, err
	}
	p, err := manifest.LoadProject(root)
	if err != nil {
		return nil, nil, err
	}
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	return p, l, err
}
