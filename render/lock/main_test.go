package lock

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
)

// sameLock compares locks by value: what Decode remembers of the file's
// order, to spare Encode a sort, is no part of it.
var sameLock = cmpopts.IgnoreUnexported(Lock{})

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestMain doubles as the helper process of the multi-process tests: the
// test binary re-executes itself with helperEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helperMain())
	}
	os.Exit(m.Run())
}

// done returns a finished render of id with values derived from key.
func done(id, key string) *Entry {
	return &Entry{
		ID: id, Key: key, State: Done, Provider: "heygen/v3",
		Job: "job-" + key, Output: id + ".mp4", Size: 123456,
		SHA256: "sha-" + key, Duration: 12.5, CostUSD: 0.42,
	}
}

// tricky is a lock whose values exercise every quoting and number rule.
func tricky() *Lock {
	l := New()
	add := func(e *Entry) { l.Videos[e.ID] = e }
	add(done("onboarding/welcome", "3f2a"))
	add(done("onboarding/welcome@es", "4b3c"))
	add(&Entry{ID: "with space/vidéo @日本", Key: "k1", State: Pending, Provider: "fal",
		Uploads: map[string]string{"sha256:aa": "asset 1", "sha256:bb": "https://v3.fal.media/files/x.png", `q"`: "=v"}})
	add(&Entry{ID: `quote"d`, Key: `ke"y`, State: Failed, Error: "line one\nline \"two\"\ttab\x00nul", Job: "j 1", Replaces: "old job"})
	add(&Entry{ID: "", Key: "empty-id", State: Done, Output: "a=b c.mp4"})
	add(&Entry{ID: "\xffbad-utf8", Key: "\xfe", State: Done, SHA256: "#not-a-comment"})
	add(&Entry{ID: "back\\slash", Key: "k", State: Done, Size: 1<<63 - 1, Duration: 0.1 + 0.2, CostUSD: 1e21})
	add(&Entry{ID: "tiny", Key: "k", State: Done, Duration: 5e-324, CostUSD: 123456789.125})
	add(&Entry{ID: "hist", Key: "new", State: Pending, History: []Render{
		{Key: "old1", Provider: "heygen/v3", Job: "j=1", Output: "out put.mp4", Size: 9, SHA256: "s", Duration: 1.5, CostUSD: 0.5},
		{Key: "old 2"},
		{Key: "old3", Output: `q"uote`, Provider: "\t"},
	}})
	add(&Entry{ID: "nul\x00ctl\u200b", Key: "k", State: Done})
	return l
}
