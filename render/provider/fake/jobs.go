package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// Timeline is how long a job spends in each phase, measured on the fake's
// clock from its creation.
type Timeline struct {
	Queued     time.Duration
	Processing time.Duration
}

// DefaultTimeline keeps a job queued for 5 s and rendering for 20 s, so a
// poller sees every phase.
var DefaultTimeline = Timeline{Queued: 5 * time.Second, Processing: 20 * time.Second}

// Phase is where a job is on its timeline.
type Phase string

const (
	PhaseQueued     Phase = "queued"
	PhaseProcessing Phase = "processing"
	PhaseCompleted  Phase = "completed"
	PhaseFailed     Phase = "failed"
	PhaseCancelled  Phase = "cancelled"
)

// Job is one render a fake accepted.
type Job struct {
	ID      string
	Key     string // idempotency key, if the create carried one
	Created time.Time
	Body    []byte // the create request as received
	Media   string // the Options.Media file it renders to
	Cost    int
	// FailCode and FailMessage, when set, are the reason the job fails at
	// the end of its timeline (a LateFailure fault).
	FailCode, FailMessage string
	Stuck                 bool // never leaves processing
	Cancelled             bool
	// CancelsQueued is set by a Cancelled fault: the job is cancelled at
	// the provider when its time in the queue ends.
	CancelsQueued bool
}

// JobSpec is what a fake's create handler knows about a new job.
type JobSpec struct {
	Key   string
	Body  []byte
	Media string
	Cost  int
}

// NewJob records a job for the create request r. A spec.Key seen before
// returns the earlier job and replayed true, as an API with idempotency
// keys does. A LateFailure, Stuck or Cancelled fault on the route shapes
// the job's fate.
func (s *Server) NewJob(r *http.Request, spec JobSpec) (j Job, replayed bool) {
	j, replayed = s.newJob(r, spec)
	if !replayed {
		s.persist(j.ID)
	}
	return j, replayed
}

func (s *Server) newJob(r *http.Request, spec JobSpec) (j Job, replayed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if spec.Key != "" {
		if id, ok := s.byKey[spec.Key]; ok {
			return *s.jobs[id], true
		}
	}
	s.seq++
	sum := sha256.Sum256([]byte(strconv.Itoa(s.seq)))
	if s.opts.RandomIDs {
		rand.Read(sum[:8])
	}
	nj := &Job{
		ID:      s.opts.IDPrefix + hex.EncodeToString(sum[:8]),
		Key:     spec.Key,
		Created: s.clock.Now(),
		Body:    spec.Body,
		Media:   spec.Media,
		Cost:    spec.Cost,
	}
	if f, ok := fateFrom(r.Context()); ok {
		switch f.Kind {
		case LateFailure:
			nj.FailCode, nj.FailMessage = f.Code, f.Message
			if nj.FailMessage == "" {
				nj.FailMessage = "rendering failed"
			}
		case Stuck:
			nj.Stuck = true
		case Cancelled:
			nj.CancelsQueued = true
		}
	}
	s.jobs[nj.ID] = nj
	s.order = append(s.order, nj.ID)
	if spec.Key != "" {
		s.byKey[spec.Key] = nj.ID
	}
	return *nj, false
}

// Job returns a job and its phase now: one of this fake's, or one its
// JobStore keeps.
func (s *Server) Job(id string) (Job, Phase, bool) {
	if j, phase, ok := s.job(id); ok || !s.recall(id) {
		return j, phase, ok
	}
	return s.job(id)
}

func (s *Server) job(id string) (Job, Phase, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return Job{}, "", false
	}
	return *j, s.phase(j), true
}

// Jobs returns every job, oldest first.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.jobs[id])
	}
	return out
}

// Cancel stops a job that has not finished, and reports whether it did.
func (s *Server) Cancel(id string) bool {
	if !s.cancel(id) {
		return false
	}
	s.persist(id)
	return true
}

func (s *Server) cancel(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return false
	}
	switch s.phase(j) {
	case PhaseQueued, PhaseProcessing:
		j.Cancelled = true
		return true
	}
	return false
}

func (s *Server) phase(j *Job) Phase {
	age := s.clock.Now().Sub(j.Created)
	t := s.opts.Timeline
	switch {
	case j.Cancelled, j.CancelsQueued && age >= t.Queued:
		return PhaseCancelled
	case age < t.Queued:
		return PhaseQueued
	case j.Stuck || age < t.Queued+t.Processing:
		return PhaseProcessing
	case j.FailMessage != "":
		return PhaseFailed
	}
	return PhaseCompleted
}

// restore adds a job an earlier fake created (read back from a store), as
// it was; it does nothing if the job is known. It is appended to Jobs.
func (s *Server) restore(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.jobs[j.ID]; ok {
		return
	}
	s.jobs[j.ID] = &j
	s.order = append(s.order, j.ID)
}

// Unstick lets every job a Stuck fault holds in processing finish, as a
// provider's stuck render eventually does: the end of a fault a test has
// cleared.
func (s *Server) Unstick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.jobs {
		j.Stuck = false
	}
}
