package heygen

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/reel-dev/reel/render/provider"
)

// UploadPhoto sends a PNG or JPEG, raw, to the upload host and returns
// its image_key, the name every later call gives the photo. Uploads are
// free; like any upload it is not re-sent after a 5xx, and calling it
// again is safe.
func (p *PhotoClient) UploadPhoto(ctx context.Context, a provider.Asset) (string, error) {
	if a.MIME != "image/png" && a.MIME != "image/jpeg" {
		return "", fmt.Errorf("%s: cannot make a photo avatar of %s: HeyGen takes PNG or JPEG photos, not %s; convert it: %w",
			photoName, filepath.Base(a.Path), a.MIME, provider.ErrUnsupported)
	}
	data, err := readAsset(photoName, a)
	if err != nil {
		return "", err
	}
	r := provider.Request{Op: "upload photo", Method: http.MethodPost, Path: "v1/asset", Body: data, ContentType: a.MIME}
	var out v1Envelope[struct {
		ImageKey lenient `json:"image_key"`
	}]
	hc := p.c.upload
	if err := hc.JSON(ctx, r, &out); err != nil {
		return "", err
	}
	if out.failed() || out.Data == nil {
		return "", p.c.refused(hc, r, http.StatusOK, string(out.Code), out.message())
	}
	if out.Data.ImageKey == "" {
		return "", hc.Unusable(r, http.StatusOK, errors.New("the answer has no data.image_key"))
	}
	return string(out.Data.ImageKey), nil
}

// CreateGroup makes a group of one uploaded photo. It is paid and not
// idempotent: an error for which provider.Uncertain is true means the
// group may exist (Groups finds it by name).
func (p *PhotoClient) CreateGroup(ctx context.Context, name, imageKey string) (Group, error) {
	r := post("create avatar group", "v2/photo_avatar/avatar_group/create", struct {
		Name     string `json:"name"`
		ImageKey string `json:"image_key"`
	}{name, imageKey})
	var d photoAvatar
	status, err := p.call(ctx, p.c.http, r, &d)
	if err != nil {
		return Group{}, err
	}
	g := Group{ID: string(d.GroupID), Name: string(d.Name), LookID: string(d.ID)}
	if g.ID == "" {
		g.ID = g.LookID
	}
	if g.ID == "" {
		return Group{}, p.c.http.Unusable(r, status, errors.New("the answer has no data.group_id or data.id"))
	}
	return g, nil
}

// AddPhotos adds uploaded photos to a group, MaxPhotosPerAdd a call, in
// order, each call naming them name (HeyGen requires one). It stops at
// the first call that fails: Added says what went in before it, and an
// error for which provider.Uncertain is true means that call's photos may
// have gone in too (the group's Looks show their image keys).
func (p *PhotoClient) AddPhotos(ctx context.Context, group, name string, imageKeys []string) (Added, error) {
	var done Added
	if len(imageKeys) > 0 && name == "" {
		return done, fmt.Errorf("%s add photos: a name is required: HeyGen refuses an add without one", photoName)
	}
	for from := 0; from < len(imageKeys); from += MaxPhotosPerAdd {
		chunk := imageKeys[from:min(from+MaxPhotosPerAdd, len(imageKeys))]
		looks, err := p.add(ctx, group, name, chunk)
		if err != nil {
			return done, err
		}
		done.Photos += len(chunk)
		done.Looks = append(done.Looks, looks...)
	}
	return done, nil
}

func (p *PhotoClient) add(ctx context.Context, group, name string, keys []string) ([]string, error) {
	r := post("add photos", "v2/photo_avatar/avatar_group/add", struct {
		GroupID   string   `json:"group_id"`
		ImageKeys []string `json:"image_keys"`
		Name      string   `json:"name"`
	}{group, keys, name})
	var d struct {
		List []photoAvatar `json:"photo_avatar_list"`
	}
	if _, err := p.call(ctx, p.c.http, r, &d); err != nil {
		return nil, err
	}
	var looks []string
	for _, l := range d.List {
		if l.ID != "" {
			looks = append(looks, string(l.ID))
		}
	}
	return looks, nil
}

// Train starts training a group. It is paid and not idempotent: after an
// error for which provider.Uncertain is true, TrainStatus says whether
// the training started (anything but PhotoUntrained).
func (p *PhotoClient) Train(ctx context.Context, group string) error {
	r := post("train avatar group", "v2/photo_avatar/train", struct {
		GroupID string `json:"group_id"`
	}{group})
	_, err := p.call(ctx, p.c.http, r, nil)
	return err
}

// GenerateLook starts generating a look of a trained group from a prompt
// and returns the generation's id. It is paid and not idempotent: an
// error for which provider.Uncertain is true means a generation may run,
// whose looks would join the group.
func (p *PhotoClient) GenerateLook(ctx context.Context, group string, l LookSpec) (string, error) {
	r := post("generate look", "v2/photo_avatar/look/generate", struct {
		GroupID     string `json:"group_id"`
		Prompt      string `json:"prompt"`
		Orientation string `json:"orientation,omitempty"`
		Pose        string `json:"pose,omitempty"`
		Style       string `json:"style,omitempty"`
	}{group, l.Prompt, l.Orientation, l.Pose, l.Style})
	var d struct {
		GenerationID lenient `json:"generation_id"`
	}
	status, err := p.call(ctx, p.c.http, r, &d)
	if err != nil {
		return "", err
	}
	if d.GenerationID == "" {
		return "", p.c.http.Unusable(r, status, errors.New("the answer has no data.generation_id"))
	}
	return string(d.GenerationID), nil
}
