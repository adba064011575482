package render

import (
	"context"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/plan"
)

// Execute carries p out for project, through the providers reel.yaml
// configures, at most their concurrency settings at once, with the store
// sh (nil for none), telling each step to event; poll is the first wait
// before a status check. Temporary downloads a killed run left in
// output_dir are removed first.
func Execute(ctx context.Context, project *manifest.Project, p *plan.Plan, sh *Shared, poll time.Duration, event func(Event)) (Result, error) {
	if err := RemoveStaleDownloads(project.OutputDir); err != nil {
		return Result{}, err
	}
	ps := &Providers{Config: project.Config.Providers}
	defer ps.Close()
	r := &Runner{Project: project, Open: ps.Open, Photos: ps.OpenPhotos, Poll: poll, Limits: Limits(project), Event: event, Store: sh}
	return r.Run(ctx, p), nil
}

// Refetch downloads again the outputs of the recorded renders for project
// (Runner.Fetch), from the store sh first when there is one, as Execute
// carries out a plan.
func Refetch(ctx context.Context, project *manifest.Project, recs []Recorded, sh *Shared, event func(Event)) (FetchResult, error) {
	if err := RemoveStaleDownloads(project.OutputDir); err != nil {
		return FetchResult{}, err
	}
	ps := &Providers{Config: project.Config.Providers}
	defer ps.Close()
	r := &Runner{Project: project, Open: ps.Open, Limits: Limits(project), Event: event, Store: sh}
	return r.Fetch(ctx, recs), nil
}
