package render

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
)

// trainer carries out one avatar action: it trains the avatar at its
// account (a group of its photos, trained) and generates the looks its
// videos use, recording each paid call in reel.lock as a render's create
// is recorded: the intent before the call, its answer right after. A step
// whose answer was lost is looked up at the provider by the next run
// (resolve*) rather than sent again.
type trainer struct {
	r    *Runner
	a    plan.AvatarAction
	acct provider.PhotoAvatars
	rec  *lock.Avatar // the record as this run keeps it; each change is written
	// resumed is the state the record was in when the run began: a step
	// recorded as sent and not confirmed by an earlier run is resolved
	// before anything is sent again.
	resumed lock.AvatarState
	keys    []string // the photos' upload keys, once uploaded
}

// train carries out a and returns the provider's id of the avatar and of
// each look its videos use, by their placeholders.
func (r *Runner) train(ctx context.Context, a plan.AvatarAction) (map[string]string, error) {
	if r.Photos == nil {
		return nil, fmt.Errorf("no photo avatar account to train with")
	}
	acct, err := r.Photos(a.Trainer)
	if err != nil {
		return nil, err
	}
	t := &trainer{r: r, a: a, acct: acct}
	t.rec, t.resumed = t.start()
	if err := t.trainGroup(ctx); err != nil {
		return nil, err
	}
	for _, l := range a.Needed {
		if err := t.look(ctx, l); err != nil {
			return nil, fmt.Errorf("look %s: %w", l.Name, err)
		}
	}
	return idsOf(a.Avatar, t.rec, a.Needed), nil
}

// start is the record the run begins from: the lock's; after a failure,
// the lock's group trained again (its missing photos added first); or a
// new one when the avatar's photos were never trained.
func (t *trainer) start() (*lock.Avatar, lock.AvatarState) {
	a := t.a
	if e := a.Entry; e != nil && e.Photos == a.Avatar.PhotosKey && (e.State != lock.AvatarFailed || e.Group != "") {
		rec := *e
		rec.Looks = slices.Clone(e.Looks)
		rec.Key = a.Key
		if rec.State == lock.AvatarFailed {
			rec.State, rec.Error = lock.AvatarAdding, ""
		}
		return &rec, e.State
	}
	return &lock.Avatar{ID: a.ID, Key: a.Key, Photos: a.Avatar.PhotosKey, State: lock.AvatarCreating,
		Name: groupName(a.Avatar)}, ""
}

// groupName is the name of a new group of the avatar: one no other
// training's group has, so that a group whose create answer was lost is
// found by it and never taken for another's.
func groupName(a *manifest.PhotoAvatar) string {
	var b [4]byte
	rand.Read(b[:])
	return manifest.AvatarGroupName(a) + " " + hex.EncodeToString(b[:])
}

// trainGroup brings the avatar to trained, from wherever its record is.
func (t *trainer) trainGroup(ctx context.Context) error {
	steps := []struct {
		at   lock.AvatarState
		step func(context.Context) error
	}{
		{lock.AvatarCreating, t.createGroup},
		{lock.AvatarAdding, t.addPhotos},
		{lock.AvatarTrainSent, t.startTraining},
		{lock.AvatarTraining, t.waitTraining},
	}
	for _, s := range steps {
		if t.rec.State != s.at {
			continue
		}
		if err := s.step(ctx); err != nil {
			return err
		}
	}
	if t.rec.State != lock.AvatarTrained {
		return fmt.Errorf("training ended in state %s", t.rec.State)
	}
	return nil
}

// save writes the record as it is now: for what happened at the provider,
// also when the run is being stopped.
func (t *trainer) save(ctx context.Context) error {
	rec := *t.rec
	rec.Looks = slices.Clone(t.rec.Looks)
	return t.r.record(ctx, func(l *lock.Lock) error { l.SetAvatar(&rec); return nil })
}

// intend writes the record before a paid call: a run stopped while it
// waits for the lock has sent nothing.
func (t *trainer) intend(ctx context.Context) error {
	rec := *t.rec
	rec.Looks = slices.Clone(t.rec.Looks)
	if err := t.r.update(ctx, func(l *lock.Lock) error { l.SetAvatar(&rec); return nil }); err != nil {
		if ctx.Err() != nil {
			return stopped(ctx, stoppedBeforeSubmit, "", "")
		}
		return err
	}
	return nil
}

// fail records the training failed with why, and returns err.
func (t *trainer) fail(ctx context.Context, why string, err error) error {
	t.rec.State, t.rec.Error = lock.AvatarFailed, why
	t.save(ctx)
	return err
}

func (t *trainer) event(step, detail string) { t.r.event(t.a.Label(), step, detail) }

// uploadPhotos uploads the photos once a run: free, and needed by the
// calls that name them.
func (t *trainer) uploadPhotos(ctx context.Context) error {
	if t.keys != nil {
		return nil
	}
	for _, ph := range t.a.Avatar.Photos {
		t.event("upload", filepath.Base(ph.Path))
		key, err := t.acct.UploadPhoto(ctx, provider.Asset{Ref: ph.Ref, Path: ph.Path, MIME: ph.MIME, Size: ph.Size})
		if err != nil {
			if ctx.Err() != nil {
				return stopped(ctx, stoppedBeforeSubmit, "", "")
			}
			return fmt.Errorf("upload %s: %w", filepath.Base(ph.Path), err)
		}
		t.keys = append(t.keys, key)
	}
	return nil
}

// refused is how a paid call that failed ends the step: a call that may
// have taken effect stays recorded as sent, for the next run to look up;
// one that surely did nothing (refused, or never sent) fails the training,
// which the next run starts again.
func (t *trainer) refused(ctx context.Context, what string, err error) error {
	if provider.Uncertain(err) {
		return fmt.Errorf("%s: %w; it may have reached %s, so reel will not send it again on its own: the next reel render looks at %s for what it did", what, err, t.acct.Name(), t.acct.Name())
	}
	var he *provider.HTTPError
	if errors.As(err, &he) && he.NotSent {
		err = fmt.Errorf("it was not sent (%w): nothing was charged; the next run sends it", err)
	}
	return t.fail(ctx, fmt.Sprintf("%s: %v", what, err), fmt.Errorf("%s: %w", what, err))
}

// createGroup makes the avatar's group of its first photo, unless the
// record says an earlier run sent the create and the group is found by
// its name.
func (t *trainer) createGroup(ctx context.Context) error {
	if t.resumed == lock.AvatarCreating {
		if found, err := t.findGroup(ctx); err != nil || found {
			return err
		}
	}
	if err := t.uploadPhotos(ctx); err != nil {
		return err
	}
	if err := t.intend(ctx); err != nil {
		return err
	}
	t.event("submit", "create avatar group "+t.rec.Name)
	g, err := t.acct.CreateGroup(context.WithoutCancel(ctx), t.rec.Name, t.keys[0])
	if err != nil {
		return t.refused(ctx, "create avatar group", err)
	}
	t.rec.Group, t.rec.State = g.ID, lock.AvatarAdding
	return t.save(ctx)
}

// findGroup looks up the group an unconfirmed create made, by its name,
// and reports whether it found one (recorded). Not found, the create did
// nothing: the group's create answers with the group, so a group the
// account does not list was never made.
func (t *trainer) findGroup(ctx context.Context) (bool, error) {
	groups, err := t.acct.Groups(ctx)
	if err != nil {
		return false, fmt.Errorf("looking for the group an unconfirmed create may have made: %w (nothing was sent again)", err)
	}
	for _, g := range groups {
		if g.Name == t.rec.Name {
			t.rec.Group, t.rec.State = g.ID, lock.AvatarAdding
			return true, t.save(ctx)
		}
	}
	return false, nil
}

// addPhotos adds the photos the group does not hold yet (it holds one look
// per photo, in order, until it is trained), then records the intent to
// train. Adding is free.
func (t *trainer) addPhotos(ctx context.Context) error {
	looks, err := t.acct.GroupLooks(ctx, t.rec.Group)
	if err != nil {
		return fmt.Errorf("list the group's photos: %w", err)
	}
	if in := len(looks); in < len(t.a.Avatar.Photos) {
		if err := t.uploadPhotos(ctx); err != nil {
			return err
		}
		t.event("upload", fmt.Sprintf("add %s to group %s", english.Count(len(t.keys)-in, "photo"), t.rec.Group))
		if _, err := t.acct.AddPhotos(ctx, t.rec.Group, t.rec.Name, t.keys[in:]); err != nil {
			if provider.Uncertain(err) {
				return fmt.Errorf("add photos: %w; the next reel render counts the group's photos and adds the rest", err)
			}
			return t.fail(ctx, fmt.Sprintf("add photos: %v", err), fmt.Errorf("add photos: %w", err))
		}
	}
	t.rec.State = lock.AvatarTrainSent
	return nil
}

// startTraining trains the group, unless an earlier run sent the training
// and the group's status says it started.
func (t *trainer) startTraining(ctx context.Context) error {
	if t.resumed == lock.AvatarTrainSent {
		p, err := t.acct.TrainStatus(ctx, t.rec.Group)
		if err != nil {
			return fmt.Errorf("training status of group %s, to see whether an unconfirmed training started: %w (nothing was sent again)", t.rec.Group, err)
		}
		if p.State != provider.PhotoUntrained {
			t.rec.State = lock.AvatarTraining
			return t.save(ctx)
		}
	}
	if err := t.intend(ctx); err != nil {
		return err
	}
	t.event("submit", "train group "+t.rec.Group)
	if err := t.acct.Train(context.WithoutCancel(ctx), t.rec.Group); err != nil {
		return t.refused(ctx, "train avatar group", err)
	}
	t.rec.State = lock.AvatarTraining
	return t.save(ctx)
}

// waitTraining polls the training until it ends, as a job is polled.
func (t *trainer) waitTraining(ctx context.Context) error {
	p, err := t.poll(ctx, "training of group "+t.rec.Group, func(ctx context.Context) (provider.PhotoProgress, error) {
		return t.acct.TrainStatus(ctx, t.rec.Group)
	})
	if err != nil {
		return err
	}
	if p.State == provider.PhotoFailed {
		why := "the provider gave no reason"
		if p.Err != nil {
			why = p.Err.Error()
		}
		return t.fail(ctx, why, fmt.Errorf("training failed at %s: %s; the next reel render trains it again, paid again", t.acct.Name(), why))
	}
	if len(p.Looks) == 0 {
		return fmt.Errorf("training of group %s ended with no looks to render: it stays recorded; run reel render again", t.rec.Group)
	}
	t.rec.Trained, t.rec.State, t.rec.Error = p.Looks[0].ID, lock.AvatarTrained, ""
	return t.save(ctx)
}

// poll asks status until it reports a final state, waiting as a job's
// status is waited for, and gives up on a word it does not know after
// the runner's bound.
func (t *trainer) poll(ctx context.Context, what string, status func(context.Context) (provider.PhotoProgress, error)) (provider.PhotoProgress, error) {
	var waited, unknownSince time.Duration
	for n := 0; ; n++ {
		p, err := status(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return p, stopped(ctx, stoppedWaiting, what, "")
		case err != nil:
			return p, fmt.Errorf("status of the %s: %w (it stays recorded: rerun to resume)", what, err)
		case p.State.Done():
			return p, nil
		case p.Unknown == "":
			unknownSince = waited
		case waited-unknownSince >= t.r.unknownWait():
			return p, fmt.Errorf("the %s has reported status %s, which reel does not know, for %s: stopped waiting; it stays recorded: rerun to resume it",
				what, p.Unknown, (waited - unknownSince).Round(time.Second))
		}
		t.event("wait", what+" "+string(p.State))
		d := t.r.backoff(n, waited)
		waited += d
		if err := t.r.wait(ctx, d); err != nil {
			return p, stopped(ctx, stoppedWaiting, what, string(p.State))
		}
	}
}
