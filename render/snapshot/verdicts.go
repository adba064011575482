package snapshot

import "sync"

// verdicts is what a check found of every input: a byte of flags each,
// and apart, the few inputs whose line must change (a new mtime, a blob
// id learnt), which each worker keeps as it finds them. (A whole verdict
// kept per input was 40 bytes: at 100,000 manifests, 8 MB of a no-op's
// memory for values nearly all alike.)
type verdicts struct {
	flags []verdictFlags // by index in Files

	mu      sync.Mutex
	updates []update // the workers' updates, handed in as each ends
}

// verdictFlags are one input's verdict, but its new mtime and blob id.
type verdictFlags uint8

const (
	flagUntrusted verdictFlags = 1 << iota
	flagChanged
	flagRead
	flagBatched
)

// update is a new mtime or blob id for the input at index i of Files.
type update struct {
	i     int
	mtime int64
	blob  string
}

// record keeps v, the verdict on input i, f, found by w; a pending
// verdict is recorded when its batch is read.
func (vs *verdicts) record(w *worker, i int, f File, v verdict) {
	if v.pending {
		return
	}
	vs.flags[i] = flagIf(v.untrusted, flagUntrusted) | flagIf(v.changed, flagChanged) |
		flagIf(v.read, flagRead) | flagIf(v.batched, flagBatched)
	if !v.untrusted && !v.changed && (v.mtime != f.Mtime || v.blob != "") {
		w.updates = append(w.updates, update{i: i, mtime: v.mtime, blob: v.blob})
	}
}

// flagIf is flag if set, else none.
func flagIf(set bool, flag verdictFlags) verdictFlags {
	if set {
		return flag
	}
	return 0
}

// changed reports whether input i was found changed.
func (vs *verdicts) changed(i int) bool { return vs.flags[i]&flagChanged != 0 }

// handIn adds the updates w found to the check's, as w ends.
func (vs *verdicts) handIn(w *worker) {
	vs.mu.Lock()
	vs.updates = append(vs.updates, w.updates...)
	vs.mu.Unlock()
}

// apply is the check's result: the inputs changed and the counts, with
// the updates written into s.Files; or RacyInput, writing nothing, if an
// input's recorded hash may not be what the plan read.
func (vs *verdicts) apply(s *Snapshot) Check {
	var c Check
	for i, fl := range vs.flags {
		switch {
		case fl&flagUntrusted != 0:
			return Check{Unusable: RacyInput, Racy: s.Files[i].Path}
		case fl&flagChanged != 0:
			c.Changed = append(c.Changed, i)
		}
		if fl&flagRead != 0 {
			c.Read++
		}
		if fl&flagBatched != 0 {
			c.Batched++
		}
	}
	for _, u := range vs.updates {
		f := &s.Files[u.i]
		if u.mtime != f.Mtime {
			f.Mtime, f.Exact, f.asRead = u.mtime, true, false
			c.Touched = true
		}
		if u.blob != "" {
			f.Blob, f.asRead = u.blob, false
			c.Touched = true
		}
	}
	return c
}
