//go:build unix

package main

// A team's setup for the store's tests: one real S3 server (versitygw),
// one fake HeyGen whose ledger counts what was paid, and clones of one
// content repo, each rendering as its own reel process.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/store"
	"github.com/reel-dev/reel/render/store/s3test"
)

// storeTeam is the store, the provider and the repo the clones share.
type storeTeam struct {
	t      *testing.T
	srv    *s3test.Server
	hg     *fake.HeyGen
	prefix string
	n      int // videos
	round  int // scripts say "take <round>": each round is a new set of render keys
	clones []*storeClone
}

// storeClone is one clone of the repo, on a machine of its own: its own
// cache folder, so its own holder id, and its own reel.lock and outputs.
type storeClone struct {
	team *storeTeam
	name string
	dir  string
	env  []string
}

// teamTimeline is how long the fake takes over a job: long enough that
// two clones started together both find the job to do.
var teamTimeline = fake.Timeline{Queued: 50 * time.Millisecond, Processing: 300 * time.Millisecond}

func newStoreTeam(t *testing.T, srv *s3test.Server, api string, videos int) *storeTeam {
	media, err := fake.LoadMedia(filepath.Join("testdata", "media"))
	if err != nil {
		t.Fatal(err)
	}
	hg := fake.NewHeyGen(fake.HeyGenOptions{
		Options: fake.Options{Clock: fake.WallClock{}, Timeline: teamTimeline, MediaTTL: time.Hour, Media: media},
		API:     api,
		Credits: 1 << 40,
	})
	t.Cleanup(hg.Close)
	prefix := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + fmt.Sprint("-", time.Now().UnixNano())
	return &storeTeam{t: t, srv: srv, hg: hg, prefix: prefix, n: videos, round: 1}
}

// clone makes a clone of the repo as it stands: reel.yaml and the
// manifests, no reel.lock, no outputs.
func (tm *storeTeam) clone(name string) *storeClone {
	c := &storeClone{team: tm, name: name, dir: filepath.Join(tm.t.TempDir(), name)}
	c.env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + tm.t.TempDir(), "TMPDIR=" + os.TempDir(),
		"XDG_CACHE_HOME=" + tm.t.TempDir(),
		"HEYGEN_API_BASE=" + tm.hg.BaseURL(), "HEYGEN_API_KEY=" + tm.hg.Key(),
		"REEL_STORE_LEASE=2s"}, tm.srv.Env()...)
	c.write()
	tm.clones = append(tm.clones, c)
	return c
}

// write (re)writes reel.yaml and the manifests of the current round.
func (c *storeClone) write() {
	tm := c.team
	files := map[string]string{"reel.yaml": fmt.Sprintf(`version: 1
provider: heygen
output_dir: out
include: ["videos/**/*.yaml"]
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
providers:
  heygen: {api: %s}
store: %s
`, tm.hg.API(), tm.srv.URL(tm.prefix))}
	aspects := []string{"16:9", "9:16", "1:1"}
	for i := range tm.n {
		files[filepath.Join("videos", fmt.Sprintf("clip%02d.yaml", i))] = fmt.Sprintf(
			"avatar: {id: %s}\ndimension: {aspect: %q, resolution: 720p}\nscenes:\n  - script: Clip %d, take %d. Acme sends the invoice.\n",
			fake.HeyGenAvatars[i%3].ID, aspects[i%3], i, tm.round)
	}
	for name, text := range files {
		path := filepath.Join(c.dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			c.team.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			c.team.t.Fatal(err)
		}
	}
}

// nextRound edits every script in every clone: a new set of render keys.
func (tm *storeTeam) nextRound() {
	tm.round++
	for _, c := range tm.clones {
		c.write()
	}
}

// ids are the videos' ids.
func (tm *storeTeam) ids() []string {
	ids := make([]string, tm.n)
	for i := range ids {
		ids[i] = fmt.Sprintf("clip%02d", i)
	}
	return ids
}

// reel runs reel in the clone, sending sig after delay unless it ended.
func (c *storeClone) reel(delay time.Duration, sig syscall.Signal, args ...string) procRun {
	c.team.t.Helper()
	bin, err := exec.LookPath("reel")
	if err != nil {
		c.team.t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		c.team.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var r procRun
	select {
	case <-done:
	case <-time.After(delay):
		cmd.Process.Signal(sig)
		<-done
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	r.code = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		r.signalled = true
	}
	return r
}

// run runs reel in the clone to its end (killed only if it hangs).
func (c *storeClone) run(args ...string) procRun {
	c.team.t.Helper()
	r := c.reel(runTimeout, syscall.SIGKILL, args...)
	if r.signalled {
		c.team.t.Fatalf("%s: reel %s did not end within %v:\n%s", c.name, strings.Join(args, " "), runTimeout, r.stderr)
	}
	return r
}

// render is reel render as CI runs it.
func (c *storeClone) render(args ...string) procRun {
	return c.run(append([]string{"render", "--yes", "--poll", "20ms"}, args...)...)
}

// mustRender renders and fails the test unless reel exits 0.
func (c *storeClone) mustRender(args ...string) procRun {
	c.team.t.Helper()
	r := c.render(args...)
	if r.code != 0 {
		c.team.t.Fatalf("%s: reel render %s: exit %d:\n%s%s", c.name, strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func (c *storeClone) lock() *lock.Lock {
	c.team.t.Helper()
	l, err := lock.Read(filepath.Join(c.dir, lock.FileName))
	if err != nil {
		c.team.t.Fatalf("%s: %v", c.name, err)
	}
	return l
}

func (c *storeClone) output(rel string) []byte {
	c.team.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, "out", filepath.FromSlash(rel)))
	if err != nil {
		c.team.t.Fatalf("%s: %v", c.name, err)
	}
	return b
}

// store is the team's store as the test reads it, from outside reel.
func (tm *storeTeam) store() *store.Store {
	return store.New(store.NewS3Backend(tm.srv.Client(nil), tm.srv.Bucket, tm.prefix, 0), store.Options{})
}

// checkClone asserts that every video of the round is done in the clone,
// its output here and the very file its reel.lock records, and returns
// the render key of each video.
func (tm *storeTeam) checkClone(c *storeClone) map[string]*lock.Entry {
	t := tm.t
	t.Helper()
	l := c.lock()
	for _, id := range tm.ids() {
		e := l.Videos[id]
		if e == nil || e.State != lock.Done || e.Job == "" {
			t.Fatalf("%s: %s is %+v in reel.lock, want done with a job", c.name, id, e)
		}
		data := c.output(e.Output)
		if sum := sha256.Sum256(data); int64(len(data)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
			t.Fatalf("%s: %s: %s is %d bytes %x; reel.lock says %d bytes %s", c.name, id, e.Output, len(data), sum, e.Size, e.SHA256)
		}
	}
	return l.Videos
}

// checkStore asserts that the store records each of the entries' keys
// done, with the entry's job and output, and holds that output whole.
func (tm *storeTeam) checkStore(entries map[string]*lock.Entry) {
	t := tm.t
	t.Helper()
	s := tm.store()
	ctx := context.Background()
	for id, e := range entries {
		rec, err := s.GetRecord(ctx, e.Key)
		if err != nil {
			t.Fatalf("%s: the store has no record of its render: %v", id, err)
		}
		if rec.State != store.Done || rec.Job != e.Job || rec.Output == nil || rec.Output.SHA256 != e.SHA256 || rec.Output.Size != e.Size {
			t.Fatalf("%s: the store records %+v (output %+v); reel.lock says job %s, %d bytes %s", id, rec, rec.Output, e.Job, e.Size, e.SHA256)
		}
		if n, err := s.GetOutput(ctx, e.SHA256, io.Discard); err != nil || n != e.Size {
			t.Fatalf("%s: the store's output %s: %d bytes, %v", id, e.SHA256, n, err)
		}
	}
}

// checkCharges asserts that the fake charged exactly one job per render
// key of keys (every round's), and that it is the job the store records
// for that key: on an API without idempotency keys a second create for a
// key is a second charge, whose job no record names.
func (tm *storeTeam) checkCharges(keys map[string]bool) {
	t := tm.t
	t.Helper()
	s := tm.store()
	recorded := map[string]string{} // job → key
	for key := range keys {
		rec, err := s.GetRecord(context.Background(), key)
		if err != nil {
			t.Fatalf("key %s: %v", key[:12], err)
		}
		recorded[rec.Job] = key
	}
	ledger := tm.hg.Server().Ledger()
	charged := map[string]int{} // key → charges
	for _, c := range ledger {
		key, ok := recorded[c.JobID]
		if !ok {
			t.Errorf("the fake charged job %s, which no store record names: a render paid twice", c.JobID)
			continue
		}
		charged[key]++
	}
	for key, n := range charged {
		if n != 1 {
			t.Errorf("key %s: charged %d times", key[:12], n)
		}
	}
	if len(ledger) != len(keys) {
		t.Errorf("the fake charged %d jobs for %d render keys", len(ledger), len(keys))
	}
	if t.Failed() {
		t.FailNow()
	}
}

// keysOf is the render keys of the entries.
func keysOf(entries map[string]*lock.Entry, into map[string]bool) map[string]bool {
	if into == nil {
		into = map[string]bool{}
	}
	for _, e := range entries {
		into[e.Key] = true
	}
	return into
}

// sameOutputs asserts that two clones hold the same bytes for every video.
func sameOutputs(t *testing.T, a, b *storeClone) {
	t.Helper()
	la := a.lock()
	ids := make([]string, 0, len(la.Videos))
	for id := range la.Videos {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := la.Videos[id]
		if !bytes.Equal(a.output(e.Output), b.output(e.Output)) {
			t.Fatalf("%s: %s differs between %s and %s", id, e.Output, a.name, b.name)
		}
	}
}
