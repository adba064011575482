package render

import (
	"context"
	"fmt"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider"
)

// look brings one look of the trained avatar to done: generated, or found
// if an earlier run's generation answer was lost, or waited for.
func (t *trainer) look(ctx context.Context, l manifest.Look) error {
	r, ok := t.rec.Look(l.Key)
	if ok && r.State == lock.LookSent {
		if err := t.findLook(ctx, r); err != nil {
			return err
		}
	}
	if !ok || r.State == lock.LookFailed {
		if err := t.generate(ctx, l); err != nil {
			return err
		}
		r, _ = t.rec.Look(l.Key)
	}
	if r.State == lock.LookGenerating {
		return t.waitLook(ctx, r)
	}
	return nil
}

// generate records the intent, then starts the look's generation.
func (t *trainer) generate(ctx context.Context, l manifest.Look) error {
	t.rec.SetLook(lock.LookRecord{Key: l.Key, Name: l.Name, State: lock.LookSent})
	if err := t.intend(ctx); err != nil {
		return err
	}
	t.event("submit", "generate look "+l.Name)
	spec := provider.LookSpec{Prompt: l.Prompt, Orientation: l.Orientation, Pose: l.Pose, Style: l.Style}
	id, err := t.acct.GenerateLook(context.WithoutCancel(ctx), t.rec.Group, spec)
	r, _ := t.rec.Look(l.Key)
	if err != nil {
		if provider.Uncertain(err) {
			return fmt.Errorf("generate look: %w; it may have reached %s, so reel will not send it again on its own: the next reel render looks for the look it made", err, t.acct.Name())
		}
		r.State, r.Error = lock.LookFailed, err.Error()
		t.save(ctx)
		return fmt.Errorf("generate look: %w; the next reel render generates it again", err)
	}
	r.Generation, r.State = id, lock.LookGenerating
	return t.save(ctx)
}

// findLook resolves a generation an earlier run sent without learning its
// id: the looks it made join the group, after its photos' own, so looks
// beyond those that no other look of the record claims are its. None yet
// is not proof it never ran (a generation takes a while): a person
// decides.
func (t *trainer) findLook(ctx context.Context, r *lock.LookRecord) error {
	looks, err := t.acct.GroupLooks(ctx, t.rec.Group)
	if err != nil {
		return fmt.Errorf("looking for the look an unconfirmed generation may have made: %w (nothing was sent again)", err)
	}
	claimed := map[string]bool{t.rec.Trained: true}
	for _, o := range t.rec.Looks {
		for _, id := range o.IDs {
			claimed[id] = true
		}
	}
	var mine []string
	for i, l := range looks {
		if i >= len(t.a.Avatar.Photos) && !claimed[l.ID] {
			mine = append(mine, l.ID)
		}
	}
	if len(mine) == 0 {
		return fmt.Errorf("a generation of this look was sent by an earlier run, whose answer was lost, and the group shows no look it made yet: reel will not send it again on its own; wait a few minutes and run reel render again (reel takes the look once %s shows it), or if %s's dashboard shows no such look, run `reel forget --avatar %s` and render again to generate it anew",
			t.acct.Name(), t.acct.Name(), t.a.Name)
	}
	r.IDs, r.State, r.Error = mine, lock.LookDone, ""
	return t.save(ctx)
}

// waitLook polls a generation until it ends.
func (t *trainer) waitLook(ctx context.Context, r *lock.LookRecord) error {
	p, err := t.poll(ctx, "look generation "+r.Generation, func(ctx context.Context) (provider.PhotoProgress, error) {
		return t.acct.GenerationStatus(ctx, t.rec.Group, r.Generation)
	})
	if err != nil {
		return err
	}
	if p.State == provider.PhotoFailed {
		why := "the provider gave no reason"
		if p.Err != nil {
			why = p.Err.Error()
		}
		r.State, r.Error = lock.LookFailed, why
		t.save(ctx)
		return fmt.Errorf("generation failed at %s: %s; the next reel render generates it again, paid again", t.acct.Name(), why)
	}
	if len(p.Looks) == 0 {
		return fmt.Errorf("look generation %s ended with no look in the group yet: it stays recorded; run reel render again", r.Generation)
	}
	r.IDs, r.State, r.Error = nil, lock.LookDone, ""
	for _, l := range p.Looks {
		r.IDs = append(r.IDs, l.ID)
	}
	return t.save(ctx)
}

// idsOf is the provider's id of a trained avatar, and of each look of
// needed it has generated, by their placeholders.
func idsOf(a *manifest.PhotoAvatar, rec *lock.Avatar, needed []manifest.Look) map[string]string {
	ids := map[string]string{}
	if rec == nil || rec.State != lock.AvatarTrained || rec.Photos != a.PhotosKey {
		return ids
	}
	ids[a.Ref("")] = rec.Trained
	for _, l := range needed {
		if r, ok := rec.Look(l.Key); ok && r.State == lock.LookDone && len(r.IDs) > 0 {
			ids[manifest.LookRefPrefix+l.Key] = r.IDs[0]
		}
	}
	return ids
}
