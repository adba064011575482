package heygen

import (
	"context"

	"github.com/reel-dev/reel/render/provider"
)

// photoAccount is a PhotoClient as the executor trains through it
// (provider.PhotoAvatars), under the name messages give it: heygen, or the
// sandbox's name of its fake.
type photoAccount struct {
	c    *PhotoClient
	name string
}

var _ provider.PhotoAvatars = photoAccount{}

// NewPhotoAccount is the photo avatar account cfg's hosts and key reach,
// named name in messages.
func NewPhotoAccount(cfg Config, name string) (provider.PhotoAvatars, error) {
	c, err := NewPhotoClient(cfg)
	if err != nil {
		return nil, err
	}
	return photoAccount{c: c, name: name}, nil
}

func (a photoAccount) Name() string { return a.name }

func (a photoAccount) UploadPhoto(ctx context.Context, as provider.Asset) (string, error) {
	return a.c.UploadPhoto(ctx, as)
}

func (a photoAccount) CreateGroup(ctx context.Context, name, photo string) (provider.PhotoGroup, error) {
	g, err := a.c.CreateGroup(ctx, name, photo)
	return provider.PhotoGroup{ID: g.ID, Name: g.Name, Look: g.LookID}, err
}

func (a photoAccount) AddPhotos(ctx context.Context, group, name string, photos []string) (int, error) {
	done, err := a.c.AddPhotos(ctx, group, name, photos)
	return done.Photos, err
}

func (a photoAccount) Train(ctx context.Context, group string) error { return a.c.Train(ctx, group) }

func (a photoAccount) TrainStatus(ctx context.Context, group string) (provider.PhotoProgress, error) {
	t, err := a.c.TrainStatus(ctx, group)
	return provider.PhotoProgress{State: provider.PhotoState(t.State), Err: t.Err, Unknown: t.Unknown, Looks: looksOf(t.Looks)}, err
}

func (a photoAccount) GenerateLook(ctx context.Context, group string, l provider.LookSpec) (string, error) {
	return a.c.GenerateLook(ctx, group, LookSpec(l))
}

func (a photoAccount) GenerationStatus(ctx context.Context, group, id string) (provider.PhotoProgress, error) {
	g, err := a.c.GenerationStatus(ctx, group, id)
	return provider.PhotoProgress{State: provider.PhotoState(g.State), Err: g.Err, Unknown: g.Unknown, Looks: looksOf(g.Looks)}, err
}

func (a photoAccount) GroupLooks(ctx context.Context, group string) ([]provider.PhotoLook, error) {
	looks, err := a.c.Looks(ctx, group)
	return looksOf(looks), err
}

func (a photoAccount) Groups(ctx context.Context) ([]provider.PhotoGroup, error) {
	gs, err := a.c.Groups(ctx)
	out := make([]provider.PhotoGroup, len(gs))
	for i, g := range gs {
		out[i] = provider.PhotoGroup{ID: g.ID, Name: g.Name, Look: g.LookID, Training: provider.PhotoState(g.Training)}
	}
	return out, err
}

func looksOf(looks []Look) []provider.PhotoLook {
	var out []provider.PhotoLook
	for _, l := range looks {
		out = append(out, provider.PhotoLook{ID: l.ID})
	}
	return out
}
