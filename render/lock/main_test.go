package lock

import (
	"crypto/sha256"
	"encoding/hex"
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

// done returns a finished render of id with values derived from key (a
// label such as "new2", made a render key by renderKey).
func done(id, key string) *Entry {
	return &Entry{
		ID: id, Key: renderKey(key), State: Done, Provider: "heygen/v3",
		Job: "job-" + key, Output: id + ".mp4", Size: 123456,
		SHA256: renderKey("output " + key), Duration: 12.5, CostUSD: 0.42,
	}
}

// renderKey makes a test's label a render key, which a lock requires to
// be 64 lowercase hex digits: a label that already is one stays as it
// is, any other becomes its SHA-256.
func renderKey(label string) string {
	if isHex64(label) {
		return label
	}
	sum := sha256.Sum256([]byte(label))
	return hex.EncodeToString(sum[:])
}

// isHex64 says whether s is 64 lowercase hex digits, by the rule itself.
func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// tricky is a lock whose values exercise every quoting and number rule.
func tricky() *Lock {
	l := New()
	add := func(e *Entry) { l.Videos[e.ID] = e }
	add(done("onboarding/welcome", "3f2a"))
	add(done("onboarding/welcome@es", "4b3c"))
	add(&Entry{ID: "with space/vidéo @日本", Key: renderKey("k1"), State: Pending, Provider: "fal",
		Uploads: map[string]string{"sha256:aa": "asset 1", "sha256:bb": "https://v3.fal.media/files/x.png", `q"`: "=v"}})
	add(&Entry{ID: `quote"d`, Key: renderKey(`ke"y`), State: Failed, Error: "line one, line \"two\" # not a comment", Job: "j 1", Replaces: "old job"})
	add(&Entry{ID: "", Key: renderKey("empty-id"), State: Done, Output: "a=b c.mp4"})
	add(&Entry{ID: "\xffbad-utf8", Key: renderKey("\xfe"), State: Done, Job: "#not-a-comment"})
	add(&Entry{ID: "back\\slash", Key: renderKey("k"), State: Done, Size: 1<<63 - 1, Duration: 0.1 + 0.2, CostUSD: 1e21})
	add(&Entry{ID: "tiny", Key: renderKey("k"), State: Done, Duration: 5e-324, CostUSD: 123456789.125})
	add(&Entry{ID: "hist", Key: renderKey("new"), State: Pending, History: []Render{
		{Key: renderKey("old1"), Provider: "heygen/v3", Job: "j=1", Output: "out put.mp4", Size: 9, SHA256: renderKey("s"), Duration: 1.5, CostUSD: 0.5},
		{Key: renderKey("old 2")},
		{Key: renderKey("old3"), Output: `q"uote`, Provider: " "},
	}})
	add(&Entry{ID: "zero\u200bwidth", Key: renderKey("k"), State: Done}) // a format character, not a control one
	return l
}
