package heygen

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// The calls FuzzPhotoResponses makes against an answer, by the selector.
const (
	photoUpload = iota
	photoCreate
	photoAdd
	photoTrain
	photoTrainStatus
	photoGenerate
	photoGeneration
	photoLooks
	photoLook
	photoGroups
	photoCalls
)

// photoCallOf names the call a request to path is, for the seeds.
func photoCallOf(path string) int {
	for prefix, call := range map[string]int{
		"/v1/asset": photoUpload, "/v2/photo_avatar/avatar_group/create": photoCreate,
		"/v2/photo_avatar/avatar_group/add": photoAdd, "/v2/photo_avatar/train/status/": photoTrainStatus,
		"/v2/photo_avatar/look/generate": photoGenerate, "/v2/photo_avatar/generation/": photoGeneration,
		"/v2/avatar_group.list": photoGroups,
	} {
		if strings.HasPrefix(path, prefix) {
			return call
		}
	}
	switch {
	case path == "/v2/photo_avatar/train":
		return photoTrain
	case strings.HasPrefix(path, "/v2/avatar_group/"):
		return photoLooks
	case strings.HasPrefix(path, "/v2/photo_avatar/"):
		return photoLook
	}
	return -1
}

// FuzzPhotoResponses feeds arbitrary bytes, under a chosen HTTP status, as
// the answer to each photo avatar call. A broken or hostile server must
// get an error or a sane answer (an id where one is promised, a known
// state, a reason for a failure, looks that show the generation's
// images), never a panic, and nothing it sends may bring the key into
// reel's text.
func FuzzPhotoResponses(f *testing.F) {
	for _, s := range photoSeeds(f) {
		f.Add(s.call, s.status, s.body)
	}
	f.Add(uint8(photoTrainStatus), uint8(0), []byte(`{"error":null,"data":{"status":"failed","error_msg":"`+fuzzKey+`"}}`))
	f.Add(uint8(photoGeneration), uint8(0), []byte(`{"data":{"status":"success","image_key_list":[1,null,"image/a/original"]}}`))
	f.Add(uint8(photoCreate), uint8(0), []byte(`{"error":{"code":"bad","message":"key `+fuzzKey+`"},"data":{"id":"g"}}`))
	f.Add(uint8(photoTrain), uint8(0), []byte(`{"error":null,"data":"`+fuzzKey+`"}`))

	h := newHostile(f)
	photo := filepath.Join(f.TempDir(), "anna.png")
	if err := os.WriteFile(photo, []byte("\x89PNG\r\n\x1a\nanna"), 0o644); err != nil {
		f.Fatal(err)
	}
	o := provider.HTTPOptions{Timeout: 2 * time.Second, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	p, err := NewPhotoClient(Config{BaseURL: h.srv.URL, UploadURL: h.srv.URL, Key: fuzzKey, HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, call, status uint8, body []byte) {
		h.answer(fuzzStatuses[int(status)%len(fuzzStatuses)], body)
		texts := fuzzPhotoCall(t, p, int(call)%photoCalls, photo)
		for _, s := range texts {
			if strings.Contains(s, fuzzKey) {
				t.Fatalf("the key came back in %q", s)
			}
		}
	})
}

// fuzzPhotoCall makes one call, checks its answer and returns every text
// reel would show of it.
func fuzzPhotoCall(t *testing.T, p *PhotoClient, call int, photo string) []string {
	ctx := context.Background()
	var texts []string
	say := func(err error) bool {
		if err != nil {
			texts = append(texts, err.Error())
		}
		return err == nil
	}
	switch call {
	case photoUpload:
		key, err := p.UploadPhoto(ctx, provider.Asset{Path: photo, MIME: "image/png"})
		if say(err) && key == "" {
			t.Fatal("an upload without an error and without an image key")
		}
	case photoCreate:
		g, err := p.CreateGroup(ctx, "Anna", "image/a/original")
		if say(err) && g.ID == "" {
			t.Fatal("a group without an error and without an id")
		}
	case photoAdd:
		keys := []string{"image/a/original", "image/b/original", "image/c/original", "image/d/original", "image/e/original"}
		added, err := p.AddPhotos(ctx, "g", "Anna", keys)
		if added.Photos > len(keys) || (say(err) && added.Photos != len(keys)) {
			t.Fatalf("added %d of %d photos, err %v", added.Photos, len(keys), err)
		}
	case photoTrain:
		say(p.Train(ctx, "g"))
	case photoTrainStatus:
		tr, err := p.TrainStatus(ctx, "g")
		if say(err) {
			texts = append(texts, checkPhotoState(t, tr.State, tr.Err, tr.Unknown)...)
		}
	case photoGenerate:
		id, err := p.GenerateLook(ctx, "g", LookSpec{Prompt: "x"})
		if say(err) && id == "" {
			t.Fatal("a look generation without an error and without an id")
		}
	case photoGeneration:
		g, err := p.GenerationStatus(ctx, "g", "gen")
		if say(err) {
			texts = append(texts, checkPhotoState(t, g.State, g.Err, g.Unknown)...)
			for _, l := range g.Looks {
				if !slices.Contains(g.ImageKeys, l.ImageKey) {
					t.Fatalf("look %+v shows none of the generation's images %v", l, g.ImageKeys)
				}
			}
		}
	case photoLooks, photoLook, photoGroups:
		texts = append(texts, fuzzPhotoLists(t, p, call)...)
	}
	return texts
}

func fuzzPhotoLists(t *testing.T, p *PhotoClient, call int) []string {
	ctx := context.Background()
	var err error
	var ids []string
	switch call {
	case photoLooks:
		var looks []Look
		looks, err = p.Looks(ctx, "g")
		for _, l := range looks {
			ids = append(ids, l.ID)
		}
	case photoLook:
		var l Look
		if l, err = p.Look(ctx, "x"); err == nil {
			ids = append(ids, l.ID)
		}
	default:
		var groups []Group
		groups, err = p.Groups(ctx)
		for _, g := range groups {
			ids = append(ids, g.ID)
		}
	}
	if err != nil {
		return []string{err.Error()}
	}
	if slices.Contains(ids, "") {
		t.Fatalf("a look or group without an id: %v", ids)
	}
	return nil
}

// checkPhotoState: a known state; a failure says why; only a running
// state may carry an unknown word.
func checkPhotoState(t *testing.T, s PhotoState, e *provider.JobError, unknown string) []string {
	t.Helper()
	switch s {
	case PhotoUntrained, PhotoPending, PhotoRunning, PhotoReady, PhotoFailed:
	default:
		t.Fatalf("unknown state %q", s)
	}
	if (s == PhotoFailed) != (e != nil) || (unknown != "" && s != PhotoRunning) {
		t.Fatalf("state %s, error %v, unknown %q", s, e, unknown)
	}
	texts := []string{unknown}
	if e != nil {
		texts = append(texts, e.Error())
	}
	return texts
}

// photoSeeds are the fake's real answers to each photo avatar call, in
// every phase, recorded off the wire.
func photoSeeds(f *testing.F) []seed {
	var mu sync.Mutex
	var out []seed
	record := provider.DoerFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		if call := photoCallOf(r.URL.Path); call >= 0 {
			status := uint8(slices.Index(fuzzStatuses, resp.StatusCode))
			mu.Lock()
			out = append(out, seed{uint8(call), status, b})
			mu.Unlock()
		}
		return resp, nil
	})
	fk := fake.NewHeyGen(fake.HeyGenOptions{})
	defer fk.Close()
	o := provider.HTTPOptions{Transport: record, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	p, err := NewPhotoClient(Config{BaseURL: fk.BaseURL(), UploadURL: fk.UploadURL(), Key: fk.Key(), HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	photoWalk(f, fk, p)
	return out
}

// photoWalk takes a group through its whole life, and a few refusals.
func photoWalk(f *testing.F, fk *fake.HeyGen, p *PhotoClient) {
	ctx := context.Background()
	dir := f.TempDir()
	var keys []string
	for i := range 3 {
		path := filepath.Join(dir, "p"+string(rune('a'+i))+".png")
		os.WriteFile(path, []byte("\x89PNG\r\n\x1a\n"+path), 0o644)
		k, _ := p.UploadPhoto(ctx, provider.Asset{Path: path, MIME: "image/png"})
		keys = append(keys, k)
	}
	g, _ := p.CreateGroup(ctx, "Anna", keys[0])
	p.AddPhotos(ctx, g.ID, "Anna", keys[1:])
	p.GenerateLook(ctx, g.ID, LookSpec{Prompt: "x", Orientation: "square", Pose: "half_body", Style: "Realistic"})
	p.Train(ctx, g.ID)
	p.Train(ctx, g.ID)
	for range 4 {
		p.TrainStatus(ctx, g.ID)
		fk.Server().Advance(10 * time.Second)
	}
	fk.Server().Inject(fake.RoutePhotoGenerateLook, fake.Fault{Kind: fake.LateFailure, Message: "flagged", Times: 1})
	bad, _ := p.GenerateLook(ctx, g.ID, LookSpec{Prompt: "x", Orientation: "square", Pose: "half_body", Style: "Realistic"})
	good, _ := p.GenerateLook(ctx, g.ID, LookSpec{Prompt: "y", Orientation: "square", Pose: "half_body", Style: "Realistic"})
	for range 4 {
		p.GenerationStatus(ctx, g.ID, bad)
		p.GenerationStatus(ctx, g.ID, good)
		fk.Server().Advance(10 * time.Second)
	}
	p.Look(ctx, g.ID)
	p.Look(ctx, "nope")
	p.Groups(ctx)
	p.TrainStatus(ctx, "nope")
}
