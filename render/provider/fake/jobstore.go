package fake

import (
	"path"
	"strings"
	"time"
)

// JobStore keeps the jobs of a fal or PixelDojo fake beyond the fake's
// life, as an account keeps them between the runs of its clients: the
// sandbox keeps them in a file, so a later process polls and downloads the
// jobs an earlier one took. (A HeyGen fake has its own, HeyGenStore.)
//
// The fake saves a job's record when it creates it and whenever it
// changes (charged, refunded, cancelled), and asks the store for a job id
// it does not know. A job read back runs the same timeline from its
// Created time on the fake's clock. The fake does not fail a request over
// a store error: SaveJob's error is the store's to report.
type JobStore interface {
	SaveJob(JobRecord) error
	LoadJob(id string) (JobRecord, bool)
}

// JobRecord is what a JobStore keeps of one job: enough to answer every
// status, result and media call about it.
type JobRecord struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"` // the timeline runs from here
	Clip    string    `json:"clip"`    // the Options.Media file served
	Cost    int       `json:"cost"`    // in the API's unit
	Charged bool      `json:"charged,omitempty"`
	// The job's fate, when it is not to complete.
	FailCode    string `json:"fail_code,omitempty"`
	FailMessage string `json:"fail_message,omitempty"`
	Stuck       bool   `json:"stuck,omitempty"`
	Cancelled   bool   `json:"cancelled,omitempty"`
}

// persist hands a job's record to the store, if there is one. It is
// called without s.mu held: the store may take its time.
func (s *Server) persist(id string) {
	if s.opts.Jobs == nil {
		return
	}
	s.mu.Lock()
	j, ok := s.jobs[id]
	if !ok {
		s.mu.Unlock()
		return
	}
	rec := JobRecord{ID: j.ID, Created: j.Created, Clip: j.Media, Cost: j.Cost, Charged: s.charged[id],
		FailCode: j.FailCode, FailMessage: j.FailMessage, Stuck: j.Stuck, Cancelled: j.Cancelled}
	s.mu.Unlock()
	_ = s.opts.Jobs.SaveJob(rec)
}

// recall brings a job the store has into this fake, and reports whether
// it did. A clip this fake does not serve is replaced by its nearest one.
func (s *Server) recall(id string) bool {
	if s.opts.Jobs == nil || id == "" {
		return false
	}
	rec, ok := s.opts.Jobs.LoadJob(id)
	if !ok {
		return false
	}
	clip := rec.Clip
	if _, served := s.opts.Media[clip]; !served {
		clip = s.MediaFor(strings.TrimSuffix(clip, path.Ext(clip)))
	}
	s.restore(Job{ID: rec.ID, Created: rec.Created, Media: clip, Cost: rec.Cost, FailCode: rec.FailCode,
		FailMessage: rec.FailMessage, Stuck: rec.Stuck, Cancelled: rec.Cancelled})
	s.mu.Lock()
	if rec.Charged {
		s.charged[rec.ID] = true
	}
	s.mu.Unlock()
	return true
}
