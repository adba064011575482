package watch

import (
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// Prepare takes the project's run lock for a batch of drafts, waiting at
// most wait (render.ErrBusy after), and plans the videos' current versions
// against reel.lock as it is now: the plan printed at the save may be
// stale by the time the video settles (another reel rendered meanwhile).
// Only the actions with work to do are kept. A provider's key missing
// from the environment is a *render.MissingKeysError, before anything is
// sent.
func (s *Session) Prepare(ids []string, wait time.Duration) (*Job, error) {
	p := s.Project()
	release, err := render.LockRun(p.Root, wait)
	if err != nil {
		return nil, err
	}
	job, err := s.planJob(ids)
	if err == nil {
		err = render.RemoveStaleDownloads(job.Project.OutputDir)
	}
	if err != nil {
		release()
		return nil, err
	}
	job.Release = release
	return job, nil
}

func (s *Session) planJob(ids []string) (*Job, error) {
	s.mu.Lock()
	p, live := s.project, s.plans
	var videos []*manifest.Video
	for _, id := range ids {
		if a, ok := live.Action(id); ok && a.Video != nil {
			videos = append(videos, a.Video)
		}
	}
	s.mu.Unlock()
	full, err := live.PlanNow(videos)
	if err != nil {
		return nil, err
	}
	out := &plan.Plan{}
	for _, a := range full.Avatars { // trained before the videos that use them
		if a.Kind != plan.OK {
			out.Avatars = append(out.Avatars, a)
			out.Total = out.Total.Add(a.Cost)
		}
	}
	for _, a := range full.Actions {
		if a.Kind != plan.OK && a.Kind != plan.Orphan {
			out.Actions = append(out.Actions, a)
			out.Total = out.Total.Add(a.Cost)
		}
	}
	if err := render.CheckKeys(out); err != nil {
		return nil, err
	}
	return &Job{Plan: out, Project: p}, nil
}
