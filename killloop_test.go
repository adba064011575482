package main

// The kill loop: reel render as a real process, killed at random moments
// (SIGKILL, then SIGINT) and run again until everything is rendered. What
// must hold afterwards is DESIGN.md's invariants 2 and 3: one charged job
// per render key, every output verified and recorded, the lock valid.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
)

var (
	killsFlag = flag.Int("reel.kills", 0, "SIGKILLs the kill loop survives at least (default $REEL_KILLS, else 20)")
	seedFlag  = flag.Int64("reel.seed", 0, "seed of the kill loop's delays (default $REEL_KILL_SEED, else the time)")
)

// Kill-loop sizes: the project, the delays, how often.
const (
	killVideos     = 20
	killMinDelay   = 5 * time.Millisecond
	killMaxDelay   = 2500 * time.Millisecond
	interrupts     = 3
	runTimeout     = 90 * time.Second // a run left to finish; far above the ~11 s it needs
	interruptGrace = 10 * time.Second // how long Ctrl-C may take to stop a run
)

// TestRenderProcesses runs reel render as a process: killed, interrupted,
// and several at once on one project. The binary is built once for all.
func TestRenderProcesses(t *testing.T) {
	bin := buildReel(t)
	t.Run("SIGKILL", func(t *testing.T) { testKillLoop(t, bin) })
	t.Run("leftover-download", func(t *testing.T) { testLeftoverDownload(t, bin) })
	t.Run("SIGKILL-training", func(t *testing.T) { testKillDuringTraining(t, bin) })
	t.Run("concurrent/2", func(t *testing.T) { testConcurrentRenders(t, bin, 2) })
	t.Run("concurrent/4", func(t *testing.T) { testConcurrentRenders(t, bin, 4) })
}

func buildReel(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "reel")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // static, as the README installs it
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func wantKills(t *testing.T) int {
	n := *killsFlag
	if n == 0 {
		if s := os.Getenv("REEL_KILLS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil {
				t.Fatalf("REEL_KILLS=%q: %v", s, err)
			}
		}
	}
	if n <= 0 {
		n = 20
	}
	return n
}

func killSeed(t *testing.T) int64 {
	if *seedFlag != 0 {
		return *seedFlag
	}
	if s := os.Getenv("REEL_KILL_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("REEL_KILL_SEED=%q: %v", s, err)
		}
		return n
	}
	return time.Now().UnixNano()
}

// testKillLoop kills reel render with SIGKILL at random moments until at
// least wantKills kills happened, lets the last run finish, and checks the
// invariants. A round of 20 videos renders in about 11 s when left alone,
// and less when killed (the sandbox's jobs go on while reel is dead), so
// when a round finishes before enough kills every script is edited: a new
// round of 20 render keys, each of which must be paid for exactly once.
// Then the same with SIGINT, which must exit 130 with every job recorded.
func testKillLoop(t *testing.T, bin string) {
	seed, want := killSeed(t), wantKills(t)
	t.Logf("seed %d (rerun with REEL_KILL_SEED=%d); kills wanted %d", seed, seed, want)
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	p := newProcProject(t, bin, killVideos)
	kills, steps := 0, map[string]int{}
	start := time.Now()
	for kills < want {
		delay := killDelay(rng)
		r := p.render(delay, syscall.SIGKILL)
		if r.signalled {
			kills++
			steps[r.step()]++
			t.Logf("kill %2d after %4dms, in %s", kills, delay.Milliseconds(), r.step())
			continue
		}
		if r.code != 0 {
			t.Fatalf("round %d: reel render exited %d before its kill after %v:\n%s", p.round, r.code, delay, r.stderr)
		}
		t.Logf("round %d finished on its own (kill was due after %v), %d kills so far", p.round, delay, kills)
		p.checkDone()
		p.nextRound()
	}
	p.finish()
	p.checkDone()
	t.Logf("%d kills over %d rounds (%d render keys) in %v; killed in: %v", kills, p.round, p.keys(), time.Since(start).Round(time.Millisecond), steps)

	// SIGINT: a new round, interrupted a few times, then finished.
	p.nextRound()
	for i := 0; i < interrupts; i++ {
		delay := 100*time.Millisecond + time.Duration(rng.Int64N(int64(killMaxDelay)))
		r := p.render(delay, syscall.SIGINT)
		switch {
		case r.code == exitInterrupted:
			if !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("SIGINT after %v: exit 130 without saying it was interrupted:\n%s", delay, r.stderr)
			}
			t.Logf("SIGINT %d after %4dms: exit 130", i+1, delay.Milliseconds())
		case r.signalled:
			// before reel installed its handler (loading, planning):
			// nothing was started, and a shell reports 130 all the same
			t.Logf("SIGINT %d after %4dms: stopped by the signal before reel handled it", i+1, delay.Milliseconds())
		case r.code == 0:
			t.Logf("SIGINT %d after %v: the run had finished", i+1, delay)
		default:
			t.Errorf("SIGINT after %v: exit %d, want 130:\n%s", delay, r.code, r.stderr)
		}
		if r.slow {
			t.Errorf("SIGINT after %v: reel took over %v to stop", delay, interruptGrace)
		}
		p.checkRecorded()
	}
	p.finish()
	p.checkDone()
}

// killDelay is log-uniform between killMinDelay and killMaxDelay: 37% of
// kills in a run's first 50 ms (loading, planning, intents, creates, the
// downloads of jobs that finished while reel was dead), 37% up to 0.5 s,
// 26% up to 2.5 s (polling, the next videos' submits and downloads).
func killDelay(rng *rand.Rand) time.Duration {
	lo, hi := math.Log(float64(killMinDelay)), math.Log(float64(killMaxDelay))
	return time.Duration(math.Exp(lo + rng.Float64()*(hi-lo)))
}

// testLeftoverDownload is the kill loop's rarest case made certain: a
// reel killed while it downloads leaves its .reel-download-* temp file
// beside the output (its deferred remove never runs). The next render
// must clear it, as reel.lock's writer clears its own temp files.
func testLeftoverDownload(t *testing.T, bin string) {
	p := newProcProject(t, bin, 4)
	left := filepath.Join(p.dir, "out", "team0", ".reel-download-1234567890")
	if err := os.MkdirAll(filepath.Dir(left), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(left, fake.BuiltinMP4[:len(fake.BuiltinMP4)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	p.finish()
	p.checkDone()
}

// testKillDuringTraining kills reel render at each step of a photo
// avatar's training, then lets a run finish: one group and one training
// per avatar key, whatever step the kill struck. The kill comes as the
// progress reports the step (before its call), and for the paid calls
// also once the sandbox has acted on the call (its photos.json changed),
// before reel can record the answer: the lost answer a rerun must find.
func testKillDuringTraining(t *testing.T, bin string) {
	for _, c := range []struct {
		step  string
		acted bool
	}{
		{"create avatar group", false}, {"create avatar group", true}, {"add 1 photo", false},
		{"train group", false}, {"train group", true}, {"training of group", false},
	} {
		t.Run(fmt.Sprintf("%s/acted=%v", c.step, c.acted), func(t *testing.T) {
			p := newProcProject(t, bin, 6)
			if !p.killWhen(c.step, c.acted) {
				t.Fatalf("the run ended without reporting %q", c.step)
			}
			states := map[string]lock.AvatarState{}
			for id, a := range p.readLock().Avatars {
				states[id] = a.State
			}
			t.Logf("killed at %q: reel.lock's avatars %v", c.step, states)
			p.finish()
			p.checkDone()
		})
	}
}

// killWhen runs reel render and kills it with SIGKILL as soon as its
// progress reports a line holding text, or with acted, as soon as the
// sandbox's photo avatar state changes after that line; it says whether
// such a line came.
func (p *procProject) killWhen(text string, acted bool) bool {
	p.t.Helper()
	cmd := p.command("render", "--provider", "sandbox", "--poll", "20ms")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		p.t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	defer cmd.Wait()
	defer io.Copy(io.Discard, stderr)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if !strings.Contains(sc.Text(), text) {
			continue
		}
		if acted {
			p.waitPhotosChange(p.photosStamp())
		}
		cmd.Process.Kill()
		return true
	}
	return false
}

// photosStamp is the sandbox's photos.json's size and mtime.
func (p *procProject) photosStamp() string {
	st, err := os.Stat(filepath.Join(p.cache, "reel", "sandbox", "photos.json"))
	if err != nil {
		return ""
	}
	return fmt.Sprint(st.Size(), st.ModTime().UnixNano())
}

// waitPhotosChange polls photos.json until it is not was any more, for at
// most a few seconds.
func (p *procProject) waitPhotosChange(was string) {
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end) && p.photosStamp() == was; {
		time.Sleep(200 * time.Microsecond)
	}
}

// procProject is a project on disk, the sandbox's folder, and the reel
// binary that renders them.
type procProject struct {
	t     *testing.T
	bin   string
	dir   string // the project
	cache string // XDG_CACHE_HOME: the sandbox keeps its jobs here
	n     int    // videos
	round int    // scripts say "take <round>": each round is a new set of render keys
}

func newProcProject(t *testing.T, bin string, videos int) *procProject {
	p := &procProject{t: t, bin: bin, dir: t.TempDir(), cache: t.TempDir(), n: videos}
	reelYAML := `version: 1
provider: sandbox
output_dir: out
include: ["videos/**/*.yaml"]
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
  dimension: {aspect: "16:9", resolution: 720p}
avatars:
  anna: {photos: [people/anna-front.png, people/anna-side.png]}
  bob: {photos: [people/bob.png]}
`
	if err := os.WriteFile(filepath.Join(p.dir, "reel.yaml"), []byte(reelYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	p.nextRound()
	return p
}

// variantManifests is how many manifests have a variant (each makes two
// videos: the manifest's and its @es).
const variantManifests = 2

// nextRound (re)writes every manifest with scripts that say the round,
// and the photo avatars' photos with bytes that say it: each round trains
// them anew, under new avatar keys.
func (p *procProject) nextRound() {
	p.round++
	p.writePhotos()
	aspects := []string{"16:9", "9:16", "1:1"}
	for i := 0; i < p.n-variantManifests; i++ {
		voice := fake.HeyGenVoices[[]int{0, 2, 3}[i%3]].ID
		avatar := "{id: " + fake.HeyGenAvatars[i%3].ID + "}"
		if photo := photoOf(i); photo != "" {
			avatar = "{photo: " + photo + "}"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "title: Clip %02d\n", i)
		fmt.Fprintf(&b, "avatar: %s\n", avatar)
		if i%4 != 0 { // the rest take reel.yaml's default voice
			fmt.Fprintf(&b, "voice: {id: %s}\n", voice)
		}
		fmt.Fprintf(&b, "dimension: {aspect: %q, resolution: 720p}\n", aspects[i%3])
		b.WriteString("scenes:\n")
		fmt.Fprintf(&b, "  - script: Clip %d, take %d. Acme sends the invoice and reminds the customer.\n", i, p.round)
		if i%5 == 4 { // a studio video of two scenes
			fmt.Fprintf(&b, "  - script: Clip %d, take %d, second scene. That is all.\n", i, p.round)
		}
		if i < variantManifests {
			fmt.Fprintf(&b, "variants:\n  es:\n    voice: {id: %s}\n    scenes:\n      - script: Clip %d, toma %d. Acme envía la factura.\n",
				fake.HeyGenVoices[1].ID, i, p.round)
		}
		path := filepath.Join(p.dir, "videos", fmt.Sprintf("team%d", i%3), fmt.Sprintf("clip%02d.yaml", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// photoOf is the photo avatar manifest i speaks with, if any: a few of
// each round's videos wait for a training.
func photoOf(i int) string {
	switch i % 6 {
	case 1:
		return "anna"
	case 3:
		return "bob"
	}
	return ""
}

// killPhotos are the photo avatars' photos, by file, and the avatars
// train from them.
var killPhotos = map[string]string{"people/anna-front.png": "anna", "people/anna-side.png": "anna", "people/bob.png": "bob"}

// writePhotos writes each photo: a PNG header and bytes that say the
// round and the file.
func (p *procProject) writePhotos() {
	for file := range killPhotos {
		path := filepath.Join(p.dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			p.t.Fatal(err)
		}
		body := fmt.Sprintf("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR %s, round %d", file, p.round)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// ids are the video ids the manifests make.
func (p *procProject) ids() []string {
	var ids []string
	for i := 0; i < p.n-variantManifests; i++ {
		id := fmt.Sprintf("team%d/clip%02d", i%3, i)
		ids = append(ids, id)
		if i < variantManifests {
			ids = append(ids, id+"@es")
		}
	}
	sort.Strings(ids)
	return ids
}

// keys is how many render keys the rounds so far asked for.
func (p *procProject) keys() int { return p.round * p.n }

func (p *procProject) command(args ...string) *exec.Cmd {
	cmd := exec.Command(p.bin, args...)
	cmd.Dir = p.dir
	env := []string{"XDG_CACHE_HOME=" + p.cache}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XDG_CACHE_HOME=") && !strings.HasPrefix(kv, "HEYGEN_") && !strings.HasPrefix(kv, "REEL_") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	return cmd
}

// procRun is how one reel process ended.
type procRun struct {
	code      int // exit code; -1 when a signal ended it
	signalled bool
	slow      bool // did not stop within interruptGrace of the signal
	stdout    string
	stderr    string
}

// step is the last step the run's progress reported on stderr (upload,
// submit, wait, download, done, failed; "training submit" and the like
// for a photo avatar's), or "startup" before any.
func (r procRun) step() string {
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if f := strings.Fields(lines[i]); len(f) > 0 {
			switch f[0] {
			case "upload", "submit", "wait", "download", "done", "failed":
				if len(f) > 1 && f[1] == "avatar" {
					return "training " + f[0] // a photo avatar's step
				}
				return f[0]
			}
		}
	}
	return "startup"
}

// render runs reel render, sending sig after delay unless it ended first.
func (p *procProject) render(delay time.Duration, sig syscall.Signal) procRun {
	return p.start(delay, sig, "render", "--provider", "sandbox", "--poll", "20ms")
}

func (p *procProject) start(delay time.Duration, sig syscall.Signal, args ...string) procRun {
	p.t.Helper()
	cmd := p.command(args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var r procRun
	var err error
	select {
	case err = <-done:
	case <-time.After(delay):
		cmd.Process.Signal(sig)
		select {
		case err = <-done:
		case <-time.After(interruptGrace):
			r.slow = true
			cmd.Process.Kill()
			err = <-done
		}
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	r.code = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		r.signalled = true
	} else if err != nil && !errors.As(err, new(*exec.ExitError)) {
		p.t.Fatalf("reel %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// finish runs reel render to the end: it must succeed, and then plan
// must have nothing left to do.
func (p *procProject) finish() {
	p.t.Helper()
	r := p.start(runTimeout, syscall.SIGKILL, "render", "--provider", "sandbox", "--poll", "20ms")
	if r.signalled || r.code != 0 {
		p.t.Fatalf("the run left to finish exited %d (signalled %v):\n%s%s", r.code, r.signalled, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "Rendered") && !strings.Contains(r.stdout, "up to date") {
		p.t.Errorf("the last run says neither Rendered nor up to date:\n%s", r.stdout)
	}
	r = p.start(runTimeout, syscall.SIGKILL, "plan", "--provider", "sandbox", "--detailed-exitcode")
	if r.code != 0 {
		p.t.Fatalf("reel plan --detailed-exitcode after the last run: exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// readLock reads reel.lock as reel does; it must decode.
func (p *procProject) readLock() *lock.Lock {
	p.t.Helper()
	l, err := lock.Read(filepath.Join(p.dir, lock.FileName))
	if err != nil {
		p.t.Fatalf("reel.lock does not decode: %v", err)
	}
	return l
}

// sandboxJobs reads the sandbox's persisted jobs.
func (p *procProject) sandboxJobs() []fake.HeyGenRecord {
	p.t.Helper()
	file := filepath.Join(p.cache, "reel", "sandbox", "state.json")
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		p.t.Fatal(err)
	}
	var doc struct {
		Videos []fake.HeyGenRecord `json:"videos"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		p.t.Fatalf("%s: %v", file, err)
	}
	return doc.Videos
}

// idemKey is the Idempotency-Key reel sends for a render key (see
// render/provider/heygen: "reel-" and the key's first 32 characters).
func idemKey(renderKey string) string { return "reel-" + renderKey[:min(32, len(renderKey))] }

// checkDone asserts that every video is rendered, verified and recorded
// once, and that the sandbox charged exactly one job per render key.
func (p *procProject) checkDone() {
	t := p.t
	t.Helper()
	l := p.readLock()
	var got []string
	for id := range l.Videos {
		got = append(got, id)
	}
	sort.Strings(got)
	if want := p.ids(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("reel.lock holds videos\n  %v\nwant\n  %v", got, want)
	}
	// every output is there, whole, and what the lock says
	for _, id := range got {
		e := l.Videos[id]
		if e.State != lock.Done || e.Job == "" {
			t.Errorf("%s: state %s, job %q; want done with a job (error %q)", id, e.State, e.Job, e.Error)
			continue
		}
		data, err := os.ReadFile(filepath.Join(p.dir, "out", filepath.FromSlash(e.Output)))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		sum := sha256.Sum256(data)
		if int64(len(data)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
			t.Errorf("%s: %s is %d bytes, sha256 %x; reel.lock says %d bytes, %s", id, e.Output, len(data), sum, e.Size, e.SHA256)
		}
	}
	// no download left half-way, anywhere in the project
	filepath.WalkDir(p.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".reel-download-") {
			rel, _ := filepath.Rel(p.dir, path)
			t.Errorf("a partial download was left behind: %s", rel)
		}
		if err == nil && strings.HasPrefix(d.Name(), "."+lock.FileName+".tmp-") {
			rel, _ := filepath.Rel(p.dir, path)
			t.Logf("note: a temp file of an interrupted lock write is left: %s", rel)
		}
		return nil
	})
	// one charged job per render key, and it is the job the lock records
	jobOf := map[string]string{} // idempotency key → job the lock records for it
	for _, e := range l.Videos {
		jobOf[idemKey(e.Key)] = e.Job
		for _, h := range e.History {
			jobOf[idemKey(h.Key)] = h.Job
		}
	}
	charged := map[string][]string{} // idempotency key → charged job ids
	n := 0
	for _, v := range p.sandboxJobs() {
		if v.Charged {
			n++
			charged[v.Key] = append(charged[v.Key], v.ID)
		}
	}
	for k, jobs := range charged {
		switch {
		case len(jobs) > 1:
			t.Errorf("the sandbox charged %d jobs for one render (Idempotency-Key %s): %v", len(jobs), k, jobs)
		case k == "":
			t.Errorf("the sandbox charged jobs without an Idempotency-Key: %v", jobs)
		case jobOf[k] == "":
			t.Errorf("the sandbox charged job %s (Idempotency-Key %s), which reel.lock does not record", jobs[0], k)
		case jobOf[k] != jobs[0]:
			t.Errorf("reel.lock records job %s for Idempotency-Key %s; the sandbox charged job %s", jobOf[k], k, jobs[0])
		}
	}
	if n != p.keys() || len(charged) != p.keys() {
		t.Errorf("the sandbox charged %d jobs for %d distinct keys; want %d (%d videos × %d rounds)", n, len(charged), p.keys(), p.n, p.round)
	}
	if len(charged) > 0 {
		t.Logf("charged jobs per render key: %d/%d = %.2f", n, len(charged), float64(n)/float64(len(charged)))
	}
	p.checkTrainings(l)
	if t.Failed() {
		t.FailNow()
	}
}

// checkTrainings asserts one group and one training per avatar key: the
// sandbox's groups are named for the avatar and its photos' key, each
// round's photos make new keys, and every group reel.lock records is one
// of them, trained.
func (p *procProject) checkTrainings(l *lock.Lock) {
	t := p.t
	data, err := os.ReadFile(filepath.Join(p.cache, "reel", "sandbox", "photos.json"))
	if err != nil {
		t.Fatalf("the sandbox kept no photo avatar groups: %v", err)
	}
	var doc struct {
		Videos []fake.HeyGenPhotoRecord `json:"videos"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	perKey := map[string][]string{} // "reel <avatar> <photos key>" → groups
	trainings := 0
	for _, g := range doc.Videos {
		f := strings.Fields(g.Name)
		key := strings.Join(f[:len(f)-1], " ")
		perKey[key] = append(perKey[key], g.ID)
		trainings += len(g.Trainings)
		if len(g.Trainings) != 1 {
			t.Errorf("group %s (%s) was trained %d times", g.ID, g.Name, len(g.Trainings))
		}
	}
	for key, groups := range perKey {
		if len(groups) != 1 {
			t.Errorf("avatar key %q made %d groups: %v", key, len(groups), groups)
		}
	}
	used := map[string]bool{}
	for i := 0; i < p.n-variantManifests; i++ {
		if photo := photoOf(i); photo != "" {
			used[photo] = true
		}
	}
	if want := len(used) * p.round; len(perKey) != want || trainings != want {
		t.Errorf("%d avatar keys trained %d times; want %d (%d avatars × %d rounds)", len(perKey), trainings, want, len(used), p.round)
	}
	for id, a := range l.Avatars {
		if a.State != lock.AvatarTrained || !slices.Contains(perKey[strings.Join(strings.Fields(a.Name)[:3], " ")], a.Group) {
			t.Errorf("reel.lock's %s: %s, group %s (%s): want trained, and one of the sandbox's groups", id, a.State, a.Group, a.Name)
		}
	}
	t.Logf("trainings per avatar key: %d/%d", trainings, len(perKey))
}

// checkRecorded asserts, after an interrupted run, that the lock decodes
// and records every job the sandbox accepted for this round: the video's
// entry is pending with that job's id, or done.
func (p *procProject) checkRecorded() {
	t := p.t
	t.Helper()
	l := p.readLock()
	byKey := map[string]*lock.Entry{}
	for _, e := range l.Videos {
		byKey[idemKey(e.Key)] = e
	}
	states := map[string]int{}
	for _, e := range l.Videos {
		switch {
		case e.State == lock.Pending && e.Job == "":
			states["pending, create unconfirmed"]++
		case e.State == lock.Failed:
			// nothing fails at the sandbox: a failure here is the
			// interruption recorded as the video's fate
			t.Errorf("%s: failed after Ctrl-C (%s); an interrupted video is pending or not started, not failed", e.ID, e.Error)
			states[string(e.State)]++
		default:
			states[string(e.State)]++
		}
	}
	t.Logf("  reel.lock: %v", states)
	for _, v := range p.sandboxJobs() {
		e, ok := byKey[v.Key]
		if !ok || !v.Charged {
			continue // an earlier round's, checked by checkDone
		}
		switch {
		case e.State == lock.Done && e.Job == v.ID:
		case e.State == lock.Pending && e.Job == v.ID:
		default:
			t.Errorf("%s: the sandbox accepted job %s; reel.lock says state %s, job %q (error %q): want pending with that job, or done",
				e.ID, v.ID, e.State, e.Job, e.Error)
		}
	}
}
