package snapshot

import (
	"runtime"
	"sync"
)

// LearnBlobs fills in the git blob id of every input of s that git
// tracks in the work tree holding root: the one prev recorded with the
// same content, or else one taken by reading the input again. A full
// plan's inputs were hashed by their readers (the manifest loader, the
// lock), which know nothing of git; without their ids, the first check
// after the next checkout would read every input. An input whose content
// is no longer the one recorded is left without an id: an id must be of
// the very bytes SHA256 is of. prev may be nil.
func LearnBlobs(root string, s, prev *Snapshot) {
	g := loadGitTrust(root, s.Files)
	if g == nil {
		return
	}
	var unknown []int
	near := 0
	for i, f := range s.Files {
		if f.Dir || f.Size < 0 || f.SHA256 == "" || f.Blob != "" {
			continue
		}
		if _, ok := g.entry(f.Path, &near); !ok {
			continue
		}
		if was, ok := prev.Lookup(f.Path); ok && !was.Dir && was.SHA256 == f.SHA256 && was.Blob != "" {
			s.Files[i].Blob, s.Files[i].asRead = was.Blob, false
			continue
		}
		unknown = append(unknown, i)
	}
	readBlobs(s, unknown)
}

// readBlobs reads the inputs of s at the indices given, in parallel,
// and records the blob id of each that still holds its recorded content.
func readBlobs(s *Snapshot, indices []int) {
	var next sync.Mutex
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(indices)) {
		wg.Go(func() {
			h := newContentHash()
			for {
				next.Lock()
				if len(indices) == 0 {
					next.Unlock()
					return
				}
				i := indices[0]
				indices = indices[1:]
				next.Unlock()
				f := &s.Files[i]
				if h.file(*f, true) == nil && h.sumIs(f.SHA256) {
					f.Blob, f.asRead = h.blobHex(f.Size), false
				}
			}
		})
	}
	wg.Wait()
}
