package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// stateFile is where the sandbox keeps its HeyGen fake's videos.
const stateFile = "state.json"

const body916 = `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi, I'm Anna.","voice_id":"1bd001e7e50f421d891986aad5158bc8","aspect_ratio":"9:16"}`

var jobID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func submit(t *testing.T, p provider.Provider, key, body string) string {
	t.Helper()
	job, err := p.Submit(context.Background(), provider.Submission{Key: key, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	id := job.ID
	if !jobID.MatchString(id) {
		t.Fatalf("job id %q is not 16 random hex characters", id)
	}
	return id
}

func status(t *testing.T, p provider.Provider, id string) provider.State {
	t.Helper()
	sts, err := p.Status(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sts[0].State
}

// download fetches a job's video and compares it with the embedded clip.
func download(t *testing.T, m provider.Media, clip string) {
	t.Helper()
	clips, _ := Media()
	var buf bytes.Buffer
	if _, err := provider.Download(context.Background(), nil, m.VideoURL, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), clips[clip]) {
		t.Fatalf("downloaded %d bytes, not the embedded %s", buf.Len(), clip)
	}
}

func readState(t *testing.T, dir string) stateDoc[fake.HeyGenRecord] {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc stateDoc[fake.HeyGenRecord]
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// A job rendered by one sandbox is served by the next one started in the
// same folder: its status, fresh media URLs, the clip's bytes.
func TestSandboxServesAJobAfterARestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := startIn(t, dir)
	id := submit(t, a.Provider(), "k1", body916)
	first := await(t, a.Provider(), id)
	a.Close()

	b := startIn(t, dir)
	if st := status(t, b.Provider(), id); st != provider.Completed {
		t.Fatalf("after a restart: %s, want completed", st)
	}
	m, err := b.Provider().Result(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if m.VideoURL == first.VideoURL || !strings.HasPrefix(m.VideoURL, "http://127.0.0.1:") {
		t.Fatalf("media URL %q is not a fresh one of the new sandbox", m.VideoURL)
	}
	download(t, m, "9x16.mp4")

	doc := readState(t, dir)
	if doc.Version != 1 || len(doc.Videos) != 1 {
		t.Fatalf("state %s: %+v", stateFile, doc)
	}
	r := doc.Videos[0]
	if r.ID != id || r.Key == "" || len(r.BodyHash) != 64 || r.Clip != "9x16.mp4" || r.Format != "mp4" ||
		!r.Charged || r.Cost == 0 || r.Created.IsZero() {
		t.Fatalf("record %+v", r)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("the folder holds %d files, want the state file only", len(entries))
	}

	// another account (folder) hands out another id for the same request
	if other := submit(t, start(t).Provider(), "k1", body916); other == id {
		t.Fatalf("two sandboxes handed out the same job id %s", id)
	}
}

// A job whose process ended before it finished finishes on its timeline,
// as a later sandbox reports it: reel resumes it after a kill.
func TestSandboxFinishesAJobItsProcessLeftInFlight(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := startIn(t, dir)
	id := submit(t, a.Provider(), "k2", `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi.","aspect_ratio":"9:16","output_format":"webm"}`)
	a.Close()

	b := startIn(t, dir)
	if st := status(t, b.Provider(), id); st != provider.Queued && st != provider.Processing {
		t.Fatalf("right after a restart: %s, want still waiting", st)
	}
	download(t, await(t, b.Provider(), id), "9x16.webm")
}

// A create re-sent with its Idempotency-Key to a later sandbox, after the
// same file was uploaded again, is replayed: the same job, no new charge.
func TestSandboxReplaysAKeyAfterARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	png := filepath.Join("..", "..", "..", "examples", "assets", "backdrop.png")
	data, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	asset := provider.Asset{Ref: "sha256:" + hex.EncodeToString(sum[:]), Path: png, MIME: "image/png", Size: int64(len(data))}
	create := func(sb *Sandbox) (provider.Job, error) {
		assetID, err := sb.Provider().Upload(ctx, asset)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi.","aspect_ratio":"16:9",` +
			`"background":{"type":"image","asset_id":"` + assetID + `"}}`
		return sb.Provider().Submit(ctx, provider.Submission{Key: "k3", Body: []byte(body)})
	}

	a := startIn(t, dir)
	first, err := create(a)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	if l := a.server("heygen").Ledger(); len(l) != 1 {
		t.Fatalf("first sandbox charged %v", l)
	}

	b := startIn(t, dir)
	again, err := create(b)
	if err != nil || again.ID != first.ID || !again.Replayed || first.Replayed {
		t.Fatalf("re-sent create: job %+v %v, want the replay of %+v", again, err, first)
	}
	if l := b.server("heygen").Ledger(); len(l) != 0 {
		t.Fatalf("the replay was charged: %v", l)
	}
	if st := status(t, b.Provider(), again.ID); st == provider.NotFound || st == provider.Failed {
		t.Fatalf("replayed job: %s", st)
	}
	// the same key with another body is refused, across processes too
	_, err = b.Provider().Submit(ctx, provider.Submission{Key: "k3", Body: []byte(body916)})
	if err == nil || !strings.Contains(err.Error(), "idempotency") {
		t.Fatalf("same key, other body: %v", err)
	}
}

// Two sandboxes writing the same folder at once keep every job.
func TestSandboxesWritingAtOnceKeepEveryJob(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sbs := []*Sandbox{startIn(t, dir), startIn(t, dir)}
	const each = 8
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		ids = map[string]bool{}
	)
	for i, sb := range sbs {
		for n := range each {
			wg.Go(func() {
				body := fmt.Sprintf(`{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Take %d of %d.","aspect_ratio":"1:1"}`, n, i)
				job, err := sb.Provider().Submit(context.Background(), provider.Submission{Key: fmt.Sprintf("k4-%d-%d", i, n), Body: []byte(body)})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids[job.ID] = true
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for _, sb := range sbs {
		sb.Close()
		if err := sb.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if len(ids) != 2*each {
		t.Fatalf("%d distinct ids, want %d", len(ids), 2*each)
	}
	if doc := readState(t, dir); len(doc.Videos) != 2*each {
		t.Fatalf("the state file keeps %d videos, want %d", len(doc.Videos), 2*each)
	}
	c := startIn(t, dir)
	for id := range ids {
		if st := status(t, c.Provider(), id); st != provider.Queued && st != provider.Processing && st != provider.Completed {
			t.Fatalf("job %s after a restart: %s", id, st)
		}
	}
}

// The state file keeps the newest videos only.
func TestStateKeepsTheNewestVideos(t *testing.T) {
	t.Parallel()
	st, err := openState(t.TempDir(), stateFile)
	if err != nil {
		t.Fatal(err)
	}
	st.max = 3
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, n := range []int{2, 0, 4, 1, 3} {
		if err := st.SaveVideo(fake.HeyGenRecord{ID: fmt.Sprint("v", n), Created: t0.Add(time.Duration(n) * time.Minute), Clip: "16x9.mp4"}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, r := range readState(t, st.dir).Videos {
		got = append(got, r.ID)
	}
	if strings.Join(got, " ") != "v2 v3 v4" {
		t.Fatalf("kept %v, want the newest three, oldest first", got)
	}
	if _, ok := st.LoadVideo("v0"); ok {
		t.Fatal("a dropped video is still found")
	}
}

// A state file reel cannot read is reported, not overwritten.
func TestStartRefusesAnUnreadablestateFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, stateFile)
	os.WriteFile(path, []byte("{not json"), 0o600)
	if _, err := StartIn(dir); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("StartIn over a broken state file: %v", err)
	}
}
