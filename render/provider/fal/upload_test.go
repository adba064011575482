package fal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// asset writes data to a file named like a user's and describes it as the
// planner does.
func asset(t *testing.T, data []byte) provider.Asset {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Anna Portrait.PNG")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return provider.Asset{Ref: "sha256:" + hex.EncodeToString(sum[:]), Path: p, MIME: "image/png", Size: int64(len(data))}
}

func TestUploadServesTheSameBytes(t *testing.T) {
	f, c := start(t, fake.FalOptions{}, quiet())
	data := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)...)
	a := asset(t, data)
	u, err := c.Upload(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(got, data) || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("GET %s: %d, %d bytes", u, resp.StatusCode, len(got))
	}
	hash := strings.TrimPrefix(a.Ref, "sha256:")
	if !strings.HasSuffix(u, "/"+hash[:16]+".png") {
		t.Fatalf("URL %s does not name the content", u)
	}
	tok, up := f.Server().Requests(fake.FalRouteToken), f.Server().Requests(fake.RouteUpload)
	if len(tok) != 1 || tok[0].Query != "storage_type=fal-cdn-v3" || tok[0].Header.Get("Authorization") != "Key "+f.Key() || string(tok[0].Body) != "{}" {
		t.Fatalf("token call %+v", tok)
	}
	if len(up) != 1 || !strings.HasPrefix(up[0].Header.Get("Authorization"), "Bearer ") || strings.Contains(up[0].Header.Get("Authorization"), f.Key()) ||
		up[0].Header.Get("Content-Type") != "image/png" {
		t.Fatalf("upload call %+v", up)
	}
	// The executor puts the URL where the input held the Ref; fal accepts it.
	body, _ := json.Marshal(map[string]any{"image_url": u, "prompt": "Hi", "voice": "Melissa"})
	job, err := c.Submit(context.Background(), provider.Submission{Body: body})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	f.Server().Advance(time.Minute)
	if st := status(t, c, id); st.State != provider.Completed {
		t.Fatalf("%+v", st)
	}
}

func TestUploadRefusesAChangedFile(t *testing.T) {
	f, c := start(t, fake.FalOptions{}, quiet())
	a := asset(t, []byte("planned"))
	os.WriteFile(a.Path, []byte("edited since"), 0o644)
	_, err := c.Upload(context.Background(), a)
	if err == nil || !strings.Contains(err.Error(), "Anna Portrait.PNG changed since the plan was made") {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.Server().Requests("")); n != 0 {
		t.Fatalf("%d calls made for a changed file", n)
	}
	if _, err := c.Upload(context.Background(), provider.Asset{Path: filepath.Join(t.TempDir(), "gone.png")}); err == nil {
		t.Fatal("a missing file uploaded")
	}
}
