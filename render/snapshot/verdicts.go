package snapshot

import "sync"

// verdicts is what a check found of every input: a byte of flags each,
// the new mtimes of those whose mtime moved, and apart, the blob ids
// learnt, which each worker keeps as it finds them. (A whole verdict
// kept per input was 40 bytes: at 100,000 manifests, 8 MB of a no-op's
// memory for values nearly all alike.)
type verdicts struct {
	flags []verdictFlags // by index in Files

	// mtimes are the new mtimes by index in Files, of the inputs with
	// flagMoved: made when a first input has moved, at the size of Files,
	// as after a checkout every input has. (Kept as a list of updates,
	// each worker's grown by append and then joined, it was fresh memory
	// several times the size.)
	mtimes     []int64
	mtimesOnce sync.Once

	mu      sync.Mutex
	updates []update // the workers' blob ids learnt, handed in as each ends
}

// verdictFlags are one input's verdict, but its new mtime and blob id.
type verdictFlags uint8

const (
	flagUntrusted verdictFlags = 1 << iota
	flagChanged
	flagRead
	flagBatched
	flagMoved // its content is unchanged, its mtime not: see mtimes
)

// update is a blob id learnt for the input at index i of Files.
type update struct {
	i    int
	blob string
}

// record keeps v, the verdict on input i, f, found by w; a pending
// verdict is recorded when its batch is read.
func (vs *verdicts) record(w *worker, i int, f File, v verdict) {
	if v.pending {
		return
	}
	fl := flagIf(v.untrusted, flagUntrusted) | flagIf(v.changed, flagChanged) |
		flagIf(v.read, flagRead) | flagIf(v.batched, flagBatched)
	if !v.untrusted && !v.changed {
		if v.mtime != f.Mtime {
			vs.moved()[i] = v.mtime
			fl |= flagMoved
		}
		if v.blob != "" {
			w.updates = append(w.updates, update{i: i, blob: v.blob})
		}
	}
	vs.flags[i] = fl
}

// moved returns mtimes, made on first use.
func (vs *verdicts) moved() []int64 {
	vs.mtimesOnce.Do(func() { vs.mtimes = make([]int64, len(vs.flags)) })
	return vs.mtimes
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
	for i, fl := range vs.flags {
		if fl&flagMoved != 0 {
			f := &s.Files[i]
			f.Mtime, f.Exact, f.asRead = vs.mtimes[i], true, false
			c.Touched = true
		}
	}
	for _, u := range vs.updates {
		f := &s.Files[u.i]
		f.Blob, f.asRead = u.blob, false
		c.Touched = true
	}
	return c
}
