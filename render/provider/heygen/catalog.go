package heygen

import (
	"context"
	"fmt"
	"net/url"

	"github.com/reel-dev/reel/render/provider"
)

// maxPages bounds following next_token, against a server that loops.
const maxPages = 100

// Voices lists the account's voices: GET /v3/voices page by page on v3,
// GET /v2/voices on v2 and Avatar IV.
func (c *Client) Voices(ctx context.Context) ([]provider.Voice, error) {
	type voice struct {
		VoiceID  string `json:"voice_id"`
		Name     string `json:"name"`
		Language string `json:"language"`
		Gender   string `json:"gender"`
	}
	var all []voice
	if c.api == V3 {
		if err := pages(ctx, c.http, "list voices", "v3/voices", &all); err != nil {
			return nil, err
		}
	} else {
		var out v2Envelope[struct {
			Voices []voice `json:"voices"`
		}]
		if err := c.http.JSON(ctx, provider.Request{Op: "list voices", Path: "v2/voices"}, &out); err != nil {
			return nil, err
		}
		if out.Data != nil {
			all = out.Data.Voices
		}
	}
	vs := make([]provider.Voice, 0, len(all))
	for _, v := range all {
		vs = append(vs, provider.Voice{ID: v.VoiceID, Name: v.Name, Language: v.Language, Gender: v.Gender})
	}
	return vs, nil
}

// Avatars lists what a video can show. On v3 that is looks (GET
// /v3/avatars/looks), whose id is the avatar_id a create takes; on v2 and
// Avatar IV, GET /v2/avatars' avatars and talking photos.
func (c *Client) Avatars(ctx context.Context) ([]provider.Avatar, error) {
	if c.api == V3 {
		var looks []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		if err := pages(ctx, c.http, "list avatar looks", "v3/avatars/looks", &looks); err != nil {
			return nil, err
		}
		out := make([]provider.Avatar, 0, len(looks))
		for _, l := range looks {
			out = append(out, provider.Avatar{ID: l.ID, Name: l.Name, Kind: "look"})
		}
		return out, nil
	}
	var res v2Envelope[struct {
		Avatars []struct {
			ID   string `json:"avatar_id"`
			Name string `json:"avatar_name"`
		} `json:"avatars"`
		TalkingPhotos []struct {
			ID   string `json:"talking_photo_id"`
			Name string `json:"talking_photo_name"`
		} `json:"talking_photos"`
	}]
	if err := c.http.JSON(ctx, provider.Request{Op: "list avatars", Path: "v2/avatars"}, &res); err != nil {
		return nil, err
	}
	var out []provider.Avatar
	if d := res.Data; d != nil {
		for _, a := range d.Avatars {
			out = append(out, provider.Avatar{ID: a.ID, Name: a.Name, Kind: "avatar"})
		}
		for _, p := range d.TalkingPhotos {
			out = append(out, provider.Avatar{ID: p.ID, Name: p.Name, Kind: "talking_photo"})
		}
	}
	return out, nil
}

// pages follows a v3 list's next_token, 100 items a page.
func pages[T any](ctx context.Context, hc *provider.Client, op, path string, all *[]T) error {
	token := ""
	for range maxPages {
		q := url.Values{"limit": {"100"}}
		if token != "" {
			q.Set("token", token)
		}
		var page struct {
			Data      []T    `json:"data"`
			HasMore   bool   `json:"has_more"`
			NextToken string `json:"next_token"`
		}
		if err := hc.JSON(ctx, provider.Request{Op: op, Path: path, Query: q}, &page); err != nil {
			return err
		}
		*all = append(*all, page.Data...)
		if !page.HasMore || page.NextToken == "" {
			return nil
		}
		token = page.NextToken
	}
	return fmt.Errorf("%s: more than %d pages", op, maxPages)
}
