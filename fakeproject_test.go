//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider/fake"
)

// fakeProject is a copy of the examples and a fake HeyGen, for running reel
// as its own process, with no terminal unless a test gives it one.
type fakeProject struct {
	t   *testing.T
	dir string // the project
	env []string
	hg  *fake.HeyGen
}

// newFakeProject copies the examples (without their budget when budget is
// false) and starts a fake HeyGen for reel to render at.
func newFakeProject(t *testing.T, budget bool) *fakeProject {
	t.Helper()
	examples, err := filepath.Abs("examples")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "examples")
	if err := copyExamples(examples, dir); err != nil {
		t.Fatal(err)
	}
	if !budget {
		editFile(t, filepath.Join(dir, "reel.yaml"), "budget: {max_usd: 25}\n", "")
	}
	hg := fake.NewHeyGen(fake.HeyGenOptions{
		Options: fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: 50 * time.Millisecond, Processing: 100 * time.Millisecond}, MediaTTL: time.Hour},
		API:     fake.HeyGenV3,
		Credits: 1 << 40,
	})
	t.Cleanup(hg.Close)
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "TMPDIR=" + os.TempDir(),
		"XDG_CACHE_HOME=" + filepath.Join(t.TempDir(), "cache"),
		"HEYGEN_API_BASE=" + hg.BaseURL(), "HEYGEN_API_KEY=" + hg.Key()}
	return &fakeProject{t: t, dir: dir, env: env, hg: hg}
}

// editFile replaces old, which must be there, by new in the file at path.
func editFile(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s: no %q in it", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// command is reel (the test binary, which testscript.Main put on PATH as
// reel) with args, in the project.
func (r *fakeProject) command(args ...string) *exec.Cmd {
	r.t.Helper()
	bin, err := exec.LookPath("reel")
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	return cmd
}

// detached runs reel as cron, systemd or `docker run` without -i do:
// stdin is /dev/null (a character device, not a terminal), its output
// goes to files.
func (r *fakeProject) detached(args ...string) (stdout, stderr string, code int) {
	r.t.Helper()
	null, err := os.Open(os.DevNull)
	if err != nil {
		r.t.Fatal(err)
	}
	defer null.Close()
	cmd := r.command(args...)
	var out, errb bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = null, &out, &errb
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(promptTimeout):
		cmd.Process.Kill()
		<-done
		r.t.Fatalf("reel %s did not end within %v (killed): it waits for input that cannot come\nstderr:\n%s", strings.Join(args, " "), promptTimeout, errb.String())
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// promptTimeout bounds a run that should end by itself: far above what a
// render of four videos on the fake takes, so only a hang reaches it.
const promptTimeout = 60 * time.Second

// cache is the user cache folder reel runs with (the sandbox's jobs are
// under it).
func (r *fakeProject) cache() string {
	for _, kv := range r.env {
		if v, ok := strings.CutPrefix(kv, "XDG_CACHE_HOME="); ok {
			return v
		}
	}
	r.t.Fatal("no XDG_CACHE_HOME")
	return ""
}

func (r *fakeProject) creates() int { return len(r.hg.Server().Requests(fake.RouteCreate)) }
