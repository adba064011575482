package heygen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// asset writes a local file and describes it as the manifest does.
func asset(t *testing.T, name, mime string, data []byte) provider.Asset {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return provider.Asset{Ref: "sha256:" + hex.EncodeToString(sum[:]), Path: p, MIME: mime, Size: int64(len(data))}
}

// render submits body with every asset ref replaced, as the executor will,
// and waits for the video.
func render(t *testing.T, f *fake.HeyGen, c *Client, body string) provider.Status {
	t.Helper()
	sum := sha256.Sum256([]byte(body))
	job, err := c.Submit(context.Background(), provider.Submission{Key: hex.EncodeToString(sum[:]), Body: []byte(body)})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	return poll(t, f, c, id)
}

func TestUploadV3(t *testing.T) {
	ctx := context.Background()
	f, c := start(t, fake.HeyGenOptions{}, noSleep)
	img := asset(t, "anna.png", "image/png", []byte("\x89PNG\r\n\x1a\nportrait"))
	id, err := c.Upload(ctx, img)
	if err != nil || id == "" || strings.HasPrefix(id, "sha256:") {
		t.Fatalf("Upload = %q, %v", id, err)
	}
	audio := asset(t, "line.wav", "audio/wav", []byte("RIFF\x00\x00\x00\x00WAVEfmt "))
	c.directAbove = 8 // everything bigger goes direct
	aid, err := c.Upload(ctx, audio)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range f.Server().Requests(fake.RouteUpload) {
		if r.Method == "PUT" && r.Header.Get("X-Api-Key") != "" {
			t.Fatal("the storage host received the API key")
		}
	}
	if paths := uploadPaths(f); paths != "POST /v3/assets, POST /v3/assets/direct-uploads, PUT /uploads/"+aid+", POST /v3/assets/"+aid+"/complete" {
		t.Fatalf("calls: %s", paths)
	}
	body := `{"type":"image","image":{"type":"asset_id","asset_id":"` + id + `"},"audio_asset_id":"` + aid + `","aspect_ratio":"9:16"}`
	if st := render(t, f, c, body); st.State != provider.Completed {
		t.Fatalf("a video of the uploads ended %s: %v", st.State, st.Err)
	}
	if st := render(t, f, c, strings.Replace(body, id, img.Ref, 1)); st.State != provider.Failed || !strings.Contains(st.Err.Message, "not an uploaded asset") {
		t.Fatalf("an unreplaced ref rendered: %+v", st)
	}
}

func uploadPaths(f *fake.HeyGen) string {
	var out []string
	for _, r := range f.Server().Requests(fake.RouteUpload) {
		out = append(out, r.Method+" "+r.Path)
	}
	return strings.Join(out, ", ")
}

func TestUploadLegacy(t *testing.T) {
	ctx := context.Background()
	img := []byte("\x89PNG\r\n\x1a\nportrait")
	for _, tc := range []struct {
		api, name, mime string
		prefix          string // of the returned value
	}{
		{AV4, "anna.png", "image/png", "image/"},
		{AV4, "line.mp3", "audio/mpeg", ""},
		{V2, "bg.png", "image/png", ""},
		{V2, "bg.mp4", "video/mp4", ""},
	} {
		f, c := start(t, fake.HeyGenOptions{API: tc.api}, noSleep)
		got, err := c.Upload(ctx, asset(t, tc.name, tc.mime, img))
		if err != nil || got == "" || !strings.HasPrefix(got, tc.prefix) || (tc.prefix == "" && strings.Contains(got, "/")) {
			t.Fatalf("%s %s: %q %v", tc.api, tc.mime, got, err)
		}
		r := f.Server().Requests(fake.RouteUpload)[0]
		if r.Path != "/v1/asset" || r.Header.Get("Content-Type") != tc.mime || !bytes.Equal(r.Body, img) || r.Header.Get("X-Api-Key") != f.Key() {
			t.Fatalf("%s: sent %s %s %q", tc.api, r.Path, r.Header.Get("Content-Type"), r.Body)
		}
	}
	_, c := start(t, fake.HeyGenOptions{API: AV4}, noSleep)
	if _, err := c.Upload(ctx, asset(t, "a.m4a", "audio/mp4", img)); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatalf("audio/mp4: %v", err)
	}
	changed := asset(t, "a.png", "image/png", img)
	os.WriteFile(changed.Path, []byte("other"), 0o644)
	if _, err := c.Upload(ctx, changed); err == nil || !strings.Contains(err.Error(), "changed since it was planned") {
		t.Fatalf("changed file: %v", err)
	}
}

// The Avatar IV body names the portrait by the image_key Upload returned.
func TestAV4RendersUploadedPortrait(t *testing.T) {
	f, c := start(t, fake.HeyGenOptions{API: AV4}, noSleep)
	key, err := c.Upload(context.Background(), asset(t, "anna.png", "image/png", []byte("\x89PNG")))
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Replace(string(f.Body("Hi.")), fake.HeyGenAvatars[3].ID, key, 1)
	if st := render(t, f, c, body); st.State != provider.Completed || st.Media == nil || st.Media.SubtitleURL == "" {
		t.Fatalf("%+v", st)
	}
}

func TestCatalog(t *testing.T) {
	ctx := context.Background()
	for _, api := range []string{V3, V2, AV4} {
		f, c := start(t, fake.HeyGenOptions{API: api, PageSize: 3}, noSleep)
		vs, err := c.Voices(ctx)
		if err != nil || len(vs) != len(fake.HeyGenVoices) || vs[1] != (provider.Voice{ID: fake.HeyGenVoices[1].ID,
			Name: fake.HeyGenVoices[1].Name, Language: "Spanish", Gender: "Female"}) {
			t.Fatalf("%s voices %+v %v", api, vs, err)
		}
		as, err := c.Avatars(ctx)
		if err != nil || len(as) != len(fake.HeyGenAvatars) {
			t.Fatalf("%s avatars %+v %v", api, as, err)
		}
		kinds := map[string]int{}
		for _, a := range as {
			kinds[a.Kind]++
		}
		want := map[string]int{"look": 4}
		if api != V3 {
			want = map[string]int{"avatar": 3, "talking_photo": 1}
		}
		if len(kinds) != len(want) || kinds["look"] != want["look"] || kinds["talking_photo"] != want["talking_photo"] {
			t.Fatalf("%s kinds %v", api, kinds)
		}
		if api == V3 && len(f.Server().Requests("voices")) != 2 {
			t.Fatalf("v3 voices took %d pages, want 2", len(f.Server().Requests("voices")))
		}
	}
}

func TestConfig(t *testing.T) {
	f := fake.NewHeyGen(fake.HeyGenOptions{})
	defer f.Close()
	t.Setenv(EnvKey, f.Key())
	t.Setenv(EnvAPIBase, f.BaseURL())
	t.Setenv(EnvUploadBase, "http://127.0.0.1:1")
	for api, name := range map[string]string{"": "heygen/v3", V3: "heygen/v3", V2: "heygen/v2", AV4: "heygen/av4"} {
		c, err := New(Config{API: api, HTTPOptions: noSleep})
		if err != nil || c.Name() != name {
			t.Fatalf("%q: %v %v", api, c, err)
		}
	}
	c, _ := New(Config{HTTPOptions: noSleep})
	if _, err := c.Voices(context.Background()); err != nil {
		t.Fatalf("key and base from the environment: %v", err)
	}
	if _, err := New(Config{API: "v4"}); err == nil || !strings.Contains(err.Error(), "unknown api") {
		t.Fatal(err)
	}
	if _, err := New(Config{BaseURL: "http://api.example.com"}); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("plain http: %v", err)
	}
	t.Setenv(EnvKey, "")
	if _, err := New(Config{}); !errors.Is(err, provider.ErrNoKey) || !strings.Contains(err.Error(), EnvKey) {
		t.Fatalf("no key: %v", err)
	}
	if err := c.Cancel(context.Background(), "x"); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatal(err)
	}
	if idempotencyKey(renderKey) != "reel-0123456789abcdef0123456789abcdef" || idempotencyKey("") != "" {
		t.Fatal(idempotencyKey(renderKey))
	}
}
