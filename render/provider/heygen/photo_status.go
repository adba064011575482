package heygen

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/lazyregexp"
	"github.com/reel-dev/reel/render/provider"
)

// photoAvatar is a look as the photo avatar calls answer it: create's
// data, add's photo_avatar_list, a group's avatar_list, a look's details.
type photoAvatar struct {
	ID       lenient `json:"id"`
	GroupID  lenient `json:"group_id"`
	Name     lenient `json:"name"`
	Status   lenient `json:"status"`
	ImageURL lenient `json:"image_url"`
}

func (a photoAvatar) look() Look {
	return Look{ID: string(a.ID), Group: string(a.GroupID), Name: string(a.Name), Status: string(a.Status),
		ImageKey: imageKeyOf(string(a.ImageURL))}
}

var imageKeyPath = lazyregexp.New(`^image/[^/]+/original$`)

// imageKeyOf reads the image key a look's image_url names by its path
// (https://files2.heygen.ai/image/<id>/original?Expires=…), or "".
func imageKeyOf(imageURL string) string {
	u, err := url.Parse(imageURL)
	if err != nil {
		return ""
	}
	if key := strings.TrimPrefix(u.Path, "/"); imageKeyPath.MatchString(key) {
		return key
	}
	return ""
}

// photoWords are the training and generation words of every source (see
// the findings above); case and surrounding space do not matter.
var photoWords = map[string]PhotoState{
	"empty":   PhotoUntrained,
	"pending": PhotoPending, "queued": PhotoPending, "waiting": PhotoPending,
	"processing": PhotoRunning, "training": PhotoRunning, "in_progress": PhotoRunning, "running": PhotoRunning,
	"ready": PhotoReady, "completed": PhotoReady, "success": PhotoReady, "succeeded": PhotoReady,
	"failed": PhotoFailed, "fail": PhotoFailed, "error": PhotoFailed,
	// no photo source gives it; GMI Cloud's seed does for its requests,
	// and a cancelled training must end rather than be polled on
	"cancelled": PhotoFailed, "canceled": PhotoFailed,
}

// photoWord maps a word; one no source gives is PhotoRunning and returned
// quoted as unknown (a missing word too: it must not read as untrained,
// which would start a second training).
func photoWord(word string) (PhotoState, string) {
	if s, ok := photoWords[strings.ToLower(strings.TrimSpace(word))]; ok {
		return s, ""
	}
	return PhotoRunning, strconv.Quote(word)
}

// TrainStatus reports where a group's training is, with the group's looks
// once it is ready.
func (p *PhotoClient) TrainStatus(ctx context.Context, group string) (Training, error) {
	r := provider.Request{Op: "get training status", Path: "v2/photo_avatar/train/status/" + url.PathEscape(group)}
	var d *struct {
		Status   lenient `json:"status"`
		ErrorMsg lenient `json:"error_msg"`
	}
	status, err := p.call(ctx, p.c.http, r, &d)
	if err != nil {
		return Training{}, err
	}
	if d == nil {
		return Training{}, p.c.http.Unusable(r, status, errors.New("the answer has no data"))
	}
	t := Training{}
	t.State, t.Unknown = photoWord(p.c.scrub(string(d.Status)))
	switch t.State {
	case PhotoFailed:
		t.Err = p.failure(string(d.ErrorMsg), "training")
	case PhotoReady:
		t.Looks, err = p.Looks(ctx, group)
	}
	return t, err
}

// GenerationStatus reports where a look generation of group is, with its
// images and the looks of group that show them once it is ready.
func (p *PhotoClient) GenerationStatus(ctx context.Context, group, id string) (Generation, error) {
	r := provider.Request{Op: "get look generation", Path: "v2/photo_avatar/generation/" + url.PathEscape(id)}
	var d *struct {
		Status    lenient   `json:"status"`
		Msg       lenient   `json:"msg"`
		ImageKeys []lenient `json:"image_key_list"`
	}
	status, err := p.call(ctx, p.c.http, r, &d)
	if err != nil {
		return Generation{}, err
	}
	if d == nil {
		return Generation{}, p.c.http.Unusable(r, status, errors.New("the answer has no data"))
	}
	g := Generation{ID: id}
	g.State, g.Unknown = photoWord(p.c.scrub(string(d.Status)))
	switch g.State {
	case PhotoFailed:
		g.Err = p.failure(string(d.Msg), "look generation")
	case PhotoReady:
		for _, k := range d.ImageKeys {
			if k != "" {
				g.ImageKeys = append(g.ImageKeys, string(k))
			}
		}
		g.Looks, err = p.looksShowing(ctx, group, g.ImageKeys)
	}
	return g, err
}

// looksShowing is the looks of group that show one of keys.
func (p *PhotoClient) looksShowing(ctx context.Context, group string, keys []string) ([]Look, error) {
	if group == "" || len(keys) == 0 {
		return nil, nil
	}
	all, err := p.Looks(ctx, group)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(l Look) bool { return !slices.Contains(keys, l.ImageKey) }), nil
}

func (p *PhotoClient) failure(msg, what string) *provider.JobError {
	if msg == "" {
		msg = "HeyGen reported the " + what + " failed without a reason"
	}
	return &provider.JobError{Message: p.c.scrub(msg)}
}

// Looks lists a group's looks, oldest first.
func (p *PhotoClient) Looks(ctx context.Context, group string) ([]Look, error) {
	r := provider.Request{Op: "list group looks", Path: "v2/avatar_group/" + url.PathEscape(group) + "/avatars"}
	var d struct {
		List []photoAvatar `json:"avatar_list"`
	}
	if _, err := p.call(ctx, p.c.http, r, &d); err != nil {
		return nil, err
	}
	looks := make([]Look, 0, len(d.List))
	for _, a := range d.List {
		if l := a.look(); l.ID != "" {
			if l.Group == "" {
				l.Group = group
			}
			looks = append(looks, l)
		}
	}
	return looks, nil
}

// Look reads one look.
func (p *PhotoClient) Look(ctx context.Context, id string) (Look, error) {
	r := provider.Request{Op: "get photo avatar", Path: "v2/photo_avatar/" + url.PathEscape(id)}
	var d *photoAvatar
	status, err := p.call(ctx, p.c.http, r, &d)
	if err != nil {
		return Look{}, err
	}
	if d == nil || d.ID == "" {
		return Look{}, p.c.http.Unusable(r, status, errors.New("the answer has no data.id"))
	}
	return d.look(), nil
}

// Groups lists the account's own photo avatar groups, with their looks
// counted and their training: the way to find a group whose create's
// answer was lost, by the name it was given.
func (p *PhotoClient) Groups(ctx context.Context) ([]Group, error) {
	r := provider.Request{Op: "list avatar groups", Path: "v2/avatar_group.list", Query: url.Values{"include_public": {"false"}}}
	var d struct {
		List []struct {
			ID          lenient `json:"id"`
			Name        lenient `json:"name"`
			NumLooks    lenient `json:"num_looks"`
			TrainStatus lenient `json:"train_status"`
		} `json:"avatar_group_list"`
	}
	if _, err := p.call(ctx, p.c.http, r, &d); err != nil {
		return nil, err
	}
	out := make([]Group, 0, len(d.List))
	for _, g := range d.List {
		if g.ID == "" {
			continue
		}
		grp := Group{ID: string(g.ID), Name: string(g.Name)}
		grp.Training, _ = photoWord(string(g.TrainStatus))
		grp.Looks, _ = strconv.Atoi(string(g.NumLooks))
		out = append(out, grp)
	}
	return out, nil
}
