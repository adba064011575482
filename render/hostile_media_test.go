package render_test

// Media servers that lie: answers from testdata/media/hostile, replayed
// byte for byte by the fakes' Raw fault on the media host, through the
// real HTTP client and fetch.

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
)

// hostileAnswer reads a whole HTTP answer of testdata/media/hostile.
func hostileAnswer(name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "media", "hostile", name))
	if err != nil {
		panic(fmt.Sprintf("hostile media fixture: %v (sh testdata/media/hostile/make.sh writes them)", err))
	}
	return b
}

// hostileCase is one lying answer, the output it is served for, the file
// of testdata/media the honest server sends instead, and what the failure
// must say of the lie (a regexp).
type hostileCase struct {
	answer, output, honest, reason string
}

var hostileCases = []hostileCase{
	{"length-lies.mp4.http", "plain.mp4", "16x9.mp4", regexp.QuoteMeta("the provider sent 20 bytes, but the MP4's ftyp box declares 24: the file is incomplete")},
	{"ftyp-then-zeros.mp4.http", "plain.mp4", "16x9.mp4", `the provider sent 212 bytes, .*no moov box`},
	{"segment-cut.webm.http", "plain.webm", "9x16.webm", `the provider sent 4000 bytes, but the WebM's Segment .*declares 7719\b.*incomplete`},
}

// A lying download is never recorded and never replaces an output: the
// run fails saying why and that a rerun fetches it free; the rerun, against
// an honest server, fetches it without a new create.
func TestLyingMediaIsNotRecorded(t *testing.T) {
	t.Parallel()
	for _, c := range hostileCases {
		t.Run(c.answer+"/first", func(t *testing.T) {
			t.Parallel()
			checkLyingMedia(t, c, false)
		})
		t.Run(c.answer+"/replacing", func(t *testing.T) {
			t.Parallel()
			checkLyingMedia(t, c, true)
		})
	}
}

// checkLyingMedia renders one video against a media host that answers
// c.answer; with rerender, the video was rendered before and its script
// then changed, so a verified output is in place when the lie arrives.
func checkLyingMedia(t *testing.T, c hostileCase, rerender bool) {
	media, err := fake.LoadMedia(filepath.Join("..", "testdata", "media"))
	if err != nil {
		t.Fatal(err)
	}
	manifest := fmt.Sprintf(plainYAML, "Hello from Daisy.") + "output: " + c.output + "\n"
	w := newWorld(t, map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v3"), "videos/plain.yaml": manifest},
		fake.HeyGenOptions{Options: fake.Options{Media: media}})
	out := filepath.Join(w.dir, "out", c.output)
	var before []byte
	if rerender {
		w.mustRender()
		before = readFile(t, out)
		w.write("videos/plain.yaml", strings.Replace(manifest, "Hello", "Hello again", 1))
	}
	key := w.plan().Actions[0].Key
	w.hg.Server().Inject(fake.RouteMedia, fake.Fault{Kind: fake.Raw, Body: hostileAnswer(c.answer)})

	err = w.render().Failed["plain"]
	if err == nil {
		t.Fatalf("a lying download was taken: reel.lock has %v", entries(w.lock()))
	}
	t.Logf("reel: plain: %v", err)
	for _, want := range []string{`\bdownload of job\b`, c.reason, regexp.QuoteMeta("not recorded: rerun to fetch it again, free")} {
		if !regexp.MustCompile(want).MatchString(err.Error()) {
			t.Errorf("the failure does not say %s", want)
		}
	}
	if e := w.lock().Videos["plain"]; e.Key == key && e.State == lock.Done {
		t.Fatalf("reel.lock records the lying download: %+v", e)
	}
	got, err := os.ReadFile(out)
	switch {
	case before == nil && !os.IsNotExist(err):
		t.Fatalf("a lying download was written as the output: %d bytes (%v)", len(got), err)
	case before != nil && !bytes.Equal(got, before):
		t.Fatalf("the output is %d bytes (%v), was %d: a lying download replaced it", len(got), err, len(before))
	}
	checkNoPartials(t, filepath.Join(w.dir, "out"))

	w.hg.Server().Clear(fake.RouteMedia)
	creates := w.creates()
	w.mustRender()
	if n := w.creates() - creates; n != 0 {
		t.Fatalf("the rerun sent %d creates for a video already paid", n)
	}
	e := w.lock().Videos["plain"]
	if got := readFile(t, out); e.Key != key || e.State != lock.Done || !bytes.Equal(got, media[c.honest]) {
		t.Fatalf("after the rerun: %+v with %d bytes in place, want done with the %d bytes of %s", e, len(got), len(media[c.honest]), c.honest)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkNoPartials asserts that no download's temporary file is left in dir.
func checkNoPartials(t *testing.T, dir string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(dir, ".reel-download-*"))
	if len(left) > 0 {
		t.Fatalf("partial downloads left behind: %v", left)
	}
}
