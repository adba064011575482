package heygen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// startPhotos runs a HeyGen fake and a photo avatar client pointed at it.
func startPhotos(t *testing.T, fo fake.HeyGenOptions, o provider.HTTPOptions) (*fake.HeyGen, *PhotoClient) {
	t.Helper()
	f := fake.NewHeyGen(fo)
	t.Cleanup(f.Close)
	p, err := NewPhotoClient(Config{BaseURL: f.BaseURL(), UploadURL: f.UploadURL(), Key: f.Key(), HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return f, p
}

// photoFile writes a small PNG of its own bytes and returns it as an
// asset.
func photoFile(t *testing.T, n int) provider.Asset {
	t.Helper()
	data := fmt.Appendf([]byte("\x89PNG\r\n\x1a\n"), "photo %d", n)
	path := filepath.Join(t.TempDir(), fmt.Sprintf("anna-%d.png", n))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return provider.Asset{Ref: "sha256:" + hex.EncodeToString(sum[:]), Path: path, MIME: "image/png", Size: int64(len(data))}
}

// uploadPhotos uploads n photos and returns their image keys in order.
func uploadPhotos(t *testing.T, p *PhotoClient, n int) []string {
	t.Helper()
	var keys []string
	for i := range n {
		k, err := p.UploadPhoto(context.Background(), photoFile(t, i))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	return keys
}

// trainedGroup makes a group of n photos and trains it.
func trainedGroup(t *testing.T, f *fake.HeyGen, p *PhotoClient, n int) Group {
	t.Helper()
	ctx := context.Background()
	keys := uploadPhotos(t, p, n)
	g, err := p.CreateGroup(ctx, "Anna", keys[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.AddPhotos(ctx, g.ID, "Anna", keys[1:]); err != nil {
		t.Fatal(err)
	}
	if err := p.Train(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	f.Server().Advance(time.Minute)
	return g
}

// trainingStates polls a group's training once per step of its timeline.
func trainingStates(t *testing.T, f *fake.HeyGen, p *PhotoClient, group string, steps int) []Training {
	t.Helper()
	var out []Training
	for range steps {
		tr, err := p.TrainStatus(context.Background(), group)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tr)
		f.Server().Advance(15 * time.Second)
	}
	return out
}

func states[T any](items []T, state func(T) PhotoState) []PhotoState {
	var out []PhotoState
	for _, it := range items {
		out = append(out, state(it))
	}
	return out
}

// The whole lifecycle of seed 003 through the client: photos uploaded
// (image keys, not ids), a group made of them with the photos beyond the
// first added four at a time, trained through every state, a look
// generated through every state; each paid call charged once; the
// trained looks are what the Avatar IV and v3 clients render with.
func TestPhotoLifecycle(t *testing.T) {
	ctx := context.Background()
	f, p := startPhotos(t, fake.HeyGenOptions{StrictCatalog: true}, noSleep)
	keys := uploadPhotos(t, p, 7)
	g, err := p.CreateGroup(ctx, "reel-anna", keys[0])
	if err != nil || g.ID == "" || g.LookID != g.ID || g.Name != "reel-anna" {
		t.Fatalf("CreateGroup: %+v %v", g, err)
	}
	added, err := p.AddPhotos(ctx, g.ID, "reel-anna", keys[1:])
	if err != nil || added.Photos != 6 || len(added.Looks) != 6 {
		t.Fatalf("AddPhotos: %+v %v", added, err)
	}
	if sent := addedKeys(t, f); !slices.Equal(sent, keys[1:]) {
		t.Fatalf("the adds sent %v, want %v in order", sent, keys[1:])
	}
	trs := trainingStates(t, f, p, g.ID, 1)
	if err := p.Train(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	trs = append(trs, trainingStates(t, f, p, g.ID, 3)...)
	if got := states(trs, func(tr Training) PhotoState { return tr.State }); !slices.Equal(got, []PhotoState{PhotoUntrained, PhotoPending, PhotoRunning, PhotoReady}) {
		t.Fatalf("training states %v", got)
	}
	trained := trs[3].Looks
	if len(trained) != 7 || trained[0].ID != g.ID || trained[0].Group != g.ID || !slices.Equal(lookKeys(trained), keys) {
		t.Fatalf("trained looks %+v, want the 7 photos' in order", trained)
	}
	gen, err := p.GenerateLook(ctx, g.ID, LookSpec{Prompt: "Wearing a blue suit in a modern office", Orientation: "square", Pose: "half_body", Style: "Realistic"})
	if err != nil || gen == "" {
		t.Fatalf("GenerateLook: %q %v", gen, err)
	}
	gens := generationStates(t, f, p, g.ID, gen, 3)
	if got := states(gens, func(g Generation) PhotoState { return g.State }); !slices.Equal(got, []PhotoState{PhotoPending, PhotoRunning, PhotoReady}) {
		t.Fatalf("generation states %v", got)
	}
	made := gens[2]
	if made.ID != gen || len(made.ImageKeys) == 0 || !slices.Equal(lookKeys(made.Looks), made.ImageKeys) {
		t.Fatalf("generation %+v, want a look per image", made)
	}
	if l := f.PhotoLedger(); len(l) != 3 || l[0].Kind != fake.PhotoCreateGroup || l[1].Kind != fake.PhotoTrain || l[2].ID != gen {
		t.Fatalf("ledger %v, want one create, one training, one generation", l)
	}
	groups, err := p.Groups(ctx)
	if err != nil || len(groups) != 1 || groups[0].ID != g.ID || groups[0].Training != PhotoReady || groups[0].Looks != 7+len(made.Looks) {
		t.Fatalf("Groups: %+v %v", groups, err)
	}
	if l, err := p.Look(ctx, made.Looks[0].ID); err != nil || l.Group != g.ID || l.ImageKey != made.ImageKeys[0] {
		t.Fatalf("Look: %+v %v", l, err)
	}
	rendersWith(t, f, trained[3].ID, made.Looks[0].ID)
}

// rendersWith: Avatar IV takes the trained look as its image_key (the
// talking photo id, seed 003) and v3 the generated one as avatar_id (the
// look id, heygen-v3-api.json); a look no group has is refused.
func rendersWith(t *testing.T, f *fake.HeyGen, photo, look string) {
	t.Helper()
	ctx := context.Background()
	voice := fake.HeyGenVoices[0].ID
	for _, c := range []struct {
		api  string
		body map[string]any
	}{
		{AV4, map[string]any{"image_key": photo, "voice_id": voice, "video_title": "Anna", "dimension": map[string]any{"width": 1080, "height": 1920},
			"scenes": []any{map[string]any{"script": "Hi, I'm Anna.", "custom_motion_prompt": "Avatar waves"}}}},
		{V3, map[string]any{"type": "avatar", "avatar_id": look, "script": "Hi, I'm Anna.", "voice_id": voice, "motion_prompt": "Avatar waves"}},
	} {
		c2, err := New(Config{API: c.api, BaseURL: f.BaseURL(), UploadURL: f.UploadURL(), Key: f.Key(), HTTPOptions: noSleep})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(c.body)
		if _, err := c2.Submit(ctx, provider.Submission{Key: renderKey, Body: body}); err != nil {
			t.Fatalf("%s with a trained look: %v", c.api, err)
		}
		c.body["image_key"], c.body["avatar_id"] = "no-such-look", "no-such-look"
		if c.api == V3 {
			delete(c.body, "image_key")
		} else {
			delete(c.body, "avatar_id")
		}
		body, _ = json.Marshal(c.body)
		var he *provider.HTTPError
		if _, err := c2.Submit(ctx, provider.Submission{Key: "e" + renderKey[1:], Body: body}); !errors.As(err, &he) || he.Code != "avatar_not_found" {
			t.Fatalf("%s with an unknown look: %v", c.api, err)
		}
	}
}

func generationStates(t *testing.T, f *fake.HeyGen, p *PhotoClient, group, id string, steps int) []Generation {
	t.Helper()
	var out []Generation
	for range steps {
		g, err := p.GenerationStatus(context.Background(), group, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
		f.Server().Advance(15 * time.Second)
	}
	return out
}

func lookKeys(looks []Look) []string {
	var out []string
	for _, l := range looks {
		out = append(out, l.ImageKey)
	}
	return out
}

// addedKeys is every image key the fake's add calls received, in order,
// and checks each call: at most four keys, a name.
func addedKeys(t *testing.T, f *fake.HeyGen) []string {
	t.Helper()
	var out []string
	for _, r := range f.Server().Requests(fake.RoutePhotoAdd) {
		var in struct {
			GroupID   string   `json:"group_id"`
			ImageKeys []string `json:"image_keys"`
			Name      string   `json:"name"`
		}
		if err := json.Unmarshal(r.Body, &in); err != nil || len(in.ImageKeys) > MaxPhotosPerAdd || len(in.ImageKeys) == 0 || in.Name == "" || in.GroupID == "" {
			t.Fatalf("an add sent %s", r.Body)
		}
		out = append(out, in.ImageKeys...)
	}
	return out
}

// Photos beyond four go in several adds, four at a time. An add that
// fails stops the rest: what went in before it is said, and the failed
// one, whose answer was lost after HeyGen took it, is uncertain and not
// sent again.
func TestPhotoAddSplitsAndStops(t *testing.T) {
	ctx := context.Background()
	f, p := startPhotos(t, fake.HeyGenOptions{}, noSleep)
	keys := uploadPhotos(t, p, 10)
	g, err := p.CreateGroup(ctx, "Anna", keys[0])
	if err != nil {
		t.Fatal(err)
	}
	f.Server().Inject(fake.RoutePhotoAdd, fake.Fault{Kind: fake.Status, Status: 502, After: true, Match: keys[6]})
	added, err := p.AddPhotos(ctx, g.ID, "Anna", keys[1:])
	if !provider.Uncertain(err) || added.Photos != 4 || len(added.Looks) != 4 {
		t.Fatalf("added %+v, err %v; want the first four, and an uncertain second add", added, err)
	}
	if n := len(f.Server().Requests(fake.RoutePhotoAdd)); n != 2 {
		t.Fatalf("%d adds sent, want 2: the third must wait for the second's outcome", n)
	}
	f.Server().Clear(fake.RoutePhotoAdd)
	if _, err := p.AddPhotos(ctx, g.ID, "", keys[9:]); err == nil || !strings.Contains(err.Error(), "name") {
		t.Fatalf("an add without a name: %v", err)
	}
	if n := len(f.Server().Requests(fake.RoutePhotoAdd)); n != 2 {
		t.Fatal("an add without a name was sent")
	}
	added, err = p.AddPhotos(ctx, g.ID, "Anna", nil)
	if err != nil || added.Photos != 0 || len(f.Server().Requests(fake.RoutePhotoAdd)) != 2 {
		t.Fatalf("no photos: %+v %v", added, err)
	}
}

// Failures HeyGen reports when polled come with its reason.
func TestPhotoTrainingAndGenerationFail(t *testing.T) {
	ctx := context.Background()
	f, p := startPhotos(t, fake.HeyGenOptions{}, noSleep)
	keys := uploadPhotos(t, p, 1)
	g, _ := p.CreateGroup(ctx, "Anna", keys[0])
	f.Server().Inject(fake.RoutePhotoTrain, fake.Fault{Kind: fake.LateFailure, Message: "No face detected", Times: 1})
	if err := p.Train(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	trs := trainingStates(t, f, p, g.ID, 3)
	if last := trs[2]; last.State != PhotoFailed || last.Err == nil || last.Err.Message != "No face detected" || last.Looks != nil {
		t.Fatalf("failed training %+v", last)
	}
	if err := p.Train(ctx, g.ID); err != nil {
		t.Fatal(err)
	}
	f.Server().Advance(time.Minute)
	f.Server().Inject(fake.RoutePhotoGenerateLook, fake.Fault{Kind: fake.LateFailure, Message: "The prompt was flagged", Times: 1})
	gen, err := p.GenerateLook(ctx, g.ID, LookSpec{Prompt: "x", Orientation: "vertical", Pose: "close_up", Style: "Noir"})
	if err != nil {
		t.Fatal(err)
	}
	gens := generationStates(t, f, p, g.ID, gen, 3)
	if last := gens[2]; last.State != PhotoFailed || last.Err == nil || last.Err.Message != "The prompt was flagged" || last.Looks != nil {
		t.Fatalf("failed generation %+v", last)
	}
	var he *provider.HTTPError
	if _, err := p.GenerateLook(ctx, "nope", LookSpec{Prompt: "x", Orientation: "square", Pose: "half_body", Style: "Realistic"}); !errors.As(err, &he) ||
		he.Status != 404 || provider.Uncertain(err) {
		t.Fatalf("a look of no group: %v", err)
	}
	if _, err := p.TrainStatus(ctx, "nope"); provider.StatusOf(err) != 404 {
		t.Fatalf("the training of no group: %v", err)
	}
}

// Both training vocabularies read the same: seed 003's (processing,
// completed) and HeyGen's reference and clients' (training, ready).
func TestPhotoTrainingWords(t *testing.T) {
	for _, words := range [][2]string{{"processing", "completed"}, {"training", "ready"}} {
		f, p := startPhotos(t, fake.HeyGenOptions{Photo: fake.HeyGenPhotoOptions{TrainingWord: words[0], ReadyWord: words[1]}}, noSleep)
		keys := uploadPhotos(t, p, 1)
		g, _ := p.CreateGroup(context.Background(), "Anna", keys[0])
		if err := p.Train(context.Background(), g.ID); err != nil {
			t.Fatal(err)
		}
		got := states(trainingStates(t, f, p, g.ID, 3), func(tr Training) PhotoState { return tr.State })
		if !slices.Equal(got, []PhotoState{PhotoPending, PhotoRunning, PhotoReady}) {
			t.Fatalf("%v: states %v", words, got)
		}
	}
}

// Every word any source gives is read; a word none gives keeps the work
// running, named, so a new word never ends a training (or pays for
// another) early.
func TestPhotoWords(t *testing.T) {
	for word, want := range map[string]PhotoState{
		"empty": PhotoUntrained, "pending": PhotoPending, "queued": PhotoPending, "waiting": PhotoPending,
		"processing": PhotoRunning, "training": PhotoRunning, "in_progress": PhotoRunning, "running": PhotoRunning,
		"ready": PhotoReady, "completed": PhotoReady, " Success ": PhotoReady, "succeeded": PhotoReady,
		"failed": PhotoFailed, "fail": PhotoFailed, "error": PhotoFailed,
		"cancelled": PhotoFailed, "Canceled": PhotoFailed, // the other APIs' word (seed 002): never polled forever
	} {
		if got, unknown := photoWord(word); got != want || unknown != "" {
			t.Errorf("%q: %s %s, want %s", word, got, unknown, want)
		}
	}
	for _, word := range []string{"on_hold", ""} {
		if got, unknown := photoWord(word); got != PhotoRunning || unknown != fmt.Sprintf("%q", word) {
			t.Errorf("%q: %s %s, want running, named", word, got, unknown)
		}
	}
}

// UploadPhoto takes PNG and JPEG only, sends them raw to the upload host,
// returns the image_key, and refuses a file changed since it was planned.
func TestUploadPhoto(t *testing.T) {
	ctx := context.Background()
	f, p := startPhotos(t, fake.HeyGenOptions{}, noSleep)
	a := photoFile(t, 1)
	key, err := p.UploadPhoto(ctx, a)
	if err != nil || !strings.HasPrefix(key, "image/") || !strings.HasSuffix(key, "/original") {
		t.Fatalf("UploadPhoto: %q %v", key, err)
	}
	if r := f.Server().Requests(fake.RouteUpload); len(r) != 1 || r[0].Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(string(r[0].Body), "\x89PNG") {
		t.Fatalf("upload sent %+v", r)
	}
	mp3 := a
	mp3.MIME = "audio/mpeg"
	if _, err := p.UploadPhoto(ctx, mp3); !errors.Is(err, provider.ErrUnsupported) || !strings.Contains(err.Error(), "PNG or JPEG") {
		t.Fatalf("an MP3 photo: %v", err)
	}
	changed := a
	changed.Ref = "sha256:" + strings.Repeat("0", 64)
	if _, err := p.UploadPhoto(ctx, changed); err == nil || !strings.Contains(err.Error(), "changed since it was planned") {
		t.Fatalf("a changed photo: %v", err)
	}
	if n := len(f.Server().Requests(fake.RouteUpload)); n != 1 {
		t.Fatalf("%d uploads sent, want only the good one", n)
	}
}

// No error any photo avatar call can produce holds the key.
func TestPhotoErrorsNeverHoldTheKey(t *testing.T) {
	ctx := context.Background()
	f, p := startPhotos(t, fake.HeyGenOptions{}, noSleep)
	keys := uploadPhotos(t, p, 1)
	for _, route := range []string{fake.RouteUpload, fake.RoutePhotoCreateGroup, fake.RoutePhotoAdd, fake.RoutePhotoTrain, fake.RoutePhotoTrainStatus,
		fake.RoutePhotoGenerateLook, fake.RoutePhotoGeneration, fake.RoutePhotoLooks, fake.RoutePhotoGroups, fake.RoutePhotoDetails} {
		f.Server().Inject(route, fake.Fault{Kind: fake.EchoAuth})
	}
	var errs []error
	_, err := p.UploadPhoto(ctx, photoFile(t, 2))
	errs = append(errs, err)
	_, err = p.CreateGroup(ctx, "Anna", keys[0])
	errs = append(errs, err)
	_, err = p.AddPhotos(ctx, "g", "Anna", keys)
	errs = append(errs, err, p.Train(ctx, "g"))
	_, err = p.TrainStatus(ctx, "g")
	errs = append(errs, err)
	_, err = p.GenerateLook(ctx, "g", LookSpec{Prompt: "x"})
	errs = append(errs, err)
	_, err = p.GenerationStatus(ctx, "g", "x")
	errs = append(errs, err)
	_, err = p.Looks(ctx, "g")
	errs = append(errs, err)
	_, err = p.Groups(ctx)
	errs = append(errs, err)
	_, err = p.Look(ctx, "x")
	errs = append(errs, err)
	for i, err := range errs {
		if text := fmt.Sprintf("%v %+v %#v", err, err, err); err == nil || strings.Contains(text, f.Key()) {
			t.Fatalf("error %d: %s", i, text)
		}
	}
}
