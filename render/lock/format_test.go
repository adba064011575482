package lock

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestRoundTrip(t *testing.T) {
	for name, l := range map[string]*Lock{"empty": New(), "tricky": tricky()} {
		t.Run(name, func(t *testing.T) {
			data, err := Encode(l)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(data)
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if diff := cmp.Diff(l, got, sameLock); diff != "" {
				t.Errorf("decode(encode(l)) differs (-want +got):\n%s\n%s", diff, data)
			}
			again, _ := Encode(got)
			if !bytes.Equal(data, again) {
				t.Errorf("encode is not stable:\n%s\n---\n%s", data, again)
			}
		})
	}
}

// golden is small and readable: it is the format's documentation by example.
func golden() *Lock {
	l := New()
	w := done("onboarding/welcome", "welcome-2")
	w.History = []Render{{Key: renderKey("welcome-1"), Provider: "heygen/v3", Job: "job-1a2b", Output: "onboarding/welcome.mp4", Size: 120000, SHA256: renderKey("output welcome-1"), Duration: 11, CostUSD: 0.4}}
	l.Videos[w.ID] = w
	l.Videos["onboarding/welcome@es"] = &Entry{ID: "onboarding/welcome@es", Key: renderKey("welcome es"), State: Pending, Provider: "heygen/v3", Job: "job-77aa"}
	l.Videos["pricing tour"] = &Entry{ID: "pricing tour", Key: renderKey("pricing tour"), State: Failed, Provider: "fal", Job: "req-1", Error: `voice "Ivy" not found`}
	return l
}

func TestGolden(t *testing.T) {
	data, err := Encode(golden())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.lock")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("encoding differs from %s (go test -update to accept):\n%s", path, data)
	}
	got, err := Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(golden(), got, sameLock); diff != "" {
		t.Errorf("golden decodes differently (-want +got):\n%s", diff)
	}
}

// TestDeterministic builds the same lock in many insertion orders: map
// order must never show in the bytes.
func TestDeterministic(t *testing.T) {
	want, err := Encode(tricky())
	if err != nil {
		t.Fatal(err)
	}
	src := tricky()
	for i := 0; i < 50; i++ {
		l := New()
		for id, e := range src.Videos { // random order each time
			c := *e
			l.Videos[id] = &c
		}
		got, err := Encode(l)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("run %d differs:\n%s\n---\n%s", i, got, want)
		}
	}
	if strings.Count(string(want), "\n\n") != len(src.Videos)+1 {
		t.Errorf("want exactly one blank line before each of %d blocks:\n%s", len(src.Videos), want)
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, e := range map[string]*Entry{
		"no key":        {ID: "v", State: Done},
		"bad state":     {ID: "v", Key: "k", State: "running"},
		"no state":      {ID: "v", Key: "k"},
		"id mismatch":   {ID: "w", Key: "k", State: Done},
		"negative size": {ID: "v", Key: "k", State: Done, Size: -1},
		"NaN":           {ID: "v", Key: "k", State: Done, CostUSD: math.NaN()},
		"Inf":           {ID: "v", Key: "k", State: Done, Duration: math.Inf(1)},
		"negative cost": {ID: "v", Key: "k", State: Done, CostUSD: -0.5},
		"bad history":   {ID: "v", Key: "k", State: Done, History: []Render{{Key: "h", Size: -2}}},
	} {
		l := New()
		l.Videos["v"] = e
		if _, err := Encode(l); err == nil {
			t.Errorf("%s: Encode accepted %+v", name, e)
		}
	}
}

// TestRequestLinesOfAnOlderLock: a lock written before requests moved to
// the store still reads with its requests, and writing it drops them.
func TestRequestLinesOfAnOlderLock(t *testing.T) {
	in := head + "\nvideo v\n\tkey " + k + "\n\tstate done\n\trequest {\"a\":[1, 2]}\n" + foot
	l, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(l.Videos["v"].Request); got != `{"a":[1, 2]}` {
		t.Errorf("request read as %q", got)
	}
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "request") {
		t.Errorf("Encode wrote the request into the lock:\n%s", data)
	}
}

// head and foot make a lock of hand-written blocks: version 1, which has
// no check lines to compute, and the footer every lock ends with. k, j
// and h1 are render keys.
const (
	head = "# reel.lock\nversion 1\n"
	foot = footer
	k    = "0000000000000000000000000000000000000000000000000000000000000000"
	j    = "1111111111111111111111111111111111111111111111111111111111111111"
	h1   = "2222222222222222222222222222222222222222222222222222222222222222"
)

// damaged is a table of broken locks, each with the position and the
// words its error must carry. It also seeds FuzzDecode.
var damaged = []struct {
	name, in, pos, want string
}{
	{"empty file", "", ":1:1:", "no version line"},
	{"comments only", "# reel.lock\n", ":1:1:", "no version line"},
	{"video before version", "video a\n\tkey " + k + "\n" + foot, ":1:1:", "before the version line"},
	{"newer version", "version 4\n" + foot, ":1:9:", "upgrade reel"},
	{"bad version", "version 01\n" + foot, ":1:9:", "bad version"},
	{"zero version", "version 0\n" + foot, ":1:9:", "bad version"},
	{"second version", "version 1\nversion 1\n" + foot, ":2:1:", "second version"},
	{"version after video", head + "\nvideo a\n\tkey " + k + "\n\tstate done\nversion 1\n" + foot, ":7:1:", "after a video"},
	{"unknown field", head + "\nvideo a\n\tkey " + k + "\n\tcolour red\n" + foot, ":6:2:", "unknown field colour: the lock may come from a newer reel"},
	{"duplicate video", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\nvideo a\n\tkey " + j + "\n\tstate done\n" + foot, ":8:7:", "video a appears twice (first on line 4)"},
	{"duplicate field", head + "\nvideo a\n\tkey " + k + "\n\tkey " + j + "\n\tstate done\n" + foot, ":6:2:", "field key appears twice"},
	{"field outside block", head + "\tkey " + k + "\n" + foot, ":3:1:", "outside a video block"},
	{"field after blank", head + "\nvideo a\n\tkey " + k + "\n\n\tstate done\n" + foot, ":7:1:", "outside a video block"},
	{"bad size", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tsize 12kB\n" + foot, ":7:7:", "bad size"},
	{"non-canonical size", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tsize 012\n" + foot, ":7:7:", "bad size"},
	{"zero size", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tsize 0\n" + foot, ":7:7:", "bad size"},
	{"bad duration", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tduration 1e3\n" + foot, ":7:11:", "bad number"},
	{"NaN cost", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tcost_usd NaN\n" + foot, ":7:11:", "bad number"},
	{"trailing zero", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tcost_usd 0.50\n" + foot, ":7:11:", "bad number"},
	{"bad state", head + "\nvideo a\n\tkey " + k + "\n\tstate running\n" + foot, ":6:8:", "bad state running"},
	{"no key", head + "\nvideo a\n\tstate done\n" + foot, ":4:1:", "has no key"},
	{"no state", head + "\nvideo a\n\tkey " + k + "\n" + foot, ":4:1:", "no state"},
	{"short key", head + "\nvideo a\n\tkey " + k[:54] + "\n\tstate done\n" + foot, ":5:6:", "render key 0000000000000000000000000000000000000000… is not 64 lowercase hex digits (length 54)"},
	{"upper-case sha256", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\tsha256 " + strings.Repeat("A", 64) + "\n" + foot, ":7:9:", "sha256 AAAA"},
	{"unquoted space", head + "\nvideo a b\n\tkey " + k + "\n\tstate done\n" + foot, ":4:7:", "must be quoted"},
	{"bad quote", head + "\nvideo \"a\n\tkey " + k + "\n\tstate done\n" + foot, ":4:7:", "bad quoted value"},
	{"text after quote", head + "\nvideo \"a\" b\n\tkey " + k + "\n\tstate done\n" + foot, ":4:7:", "bad quoted value"},
	{"empty key", head + "\nvideo a\n\tkey \n\tstate done\n" + foot, ":5:6:", "not 64 lowercase hex digits"},
	{"empty bare value", head + "\nvideo a\n\tkey " + k + "\n\tjob \n\tstate done\n" + foot, ":6:6:", "must be quoted"},
	{"no value", head + "\nvideo a\n\tkey\n" + foot, ":5:2:", "has no value"},
	{"space indent", head + "\nvideo a\n    key " + k + "\n" + foot, ":5:1:", "one tab"},
	{"stray line", head + "\nvideo a\n\tkey " + k + "\n\tstate done\nhello world\n" + foot, ":7:1:", "unexpected line hello"},
	{"request empty", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\trequest \n" + foot, ":7:10:", "request is empty"},
	{"history no key", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory \n" + foot, ":7:10:", "unquoted special value"},
	{"history short key", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory h1 job=j\n" + foot, ":7:10:", "render key h1 is not 64 lowercase hex digits"},
	{"history quoted key", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory \"" + h1 + "\" job=j\n" + foot, ":7:10:", "not 64 lowercase hex digits"},
	{"history bad attr", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " job=j colour=red\n" + foot, ":7:81:", "unknown history attribute colour"},
	{"history repeated attr", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " job=j job=k\n" + foot, ":7:81:", "repeated history attribute job"},
	{"history bad size", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " job=j size=-1\n" + foot, ":7:86:", "bad size"},
	{"history bad sha256", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " sha256=ab12\n" + foot, ":7:82:", "sha256 ab12 is not 64 lowercase hex digits"},
	{"history double space", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + "  job=j\n" + foot, ":7:75:", "bad or repeated history attribute"},
	{"history bad quote", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " output=\"x\n" + foot, ":7:82:", "bad quoted value"},
	{"history no separator", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n\thistory " + h1 + " output=\"x\"job=j\n" + foot, ":7:85:", "want a space"},
	{"check in version 1", head + "\nvideo a\n\tstate done\n\tcheck 00000000\n\tkey " + k + "\n" + foot, ":6:2:", "a check line in a version 1 lock"},
	{"merge conflict", head + "\nvideo a\n<<<<<<< HEAD\n\tkey " + k + "\n" + foot, ":5:1:", "unresolved git merge conflict"},
	{"cut short", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n", ":6:1:", "cut short"},
	{"cut in a line", head + "\nvideo a\n\tkey " + k + "\n\tstate do", ":6:1:", "cut short"},
	{"after the footer", head + "\nvideo a\n\tkey " + k + "\n\tstate done\n" + foot + "\n", ":9:1:", "a line after the last line"},
}

func TestDecodeDamaged(t *testing.T) {
	for _, tc := range damaged {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Decode([]byte(tc.in))
			if err == nil {
				t.Fatalf("decoded %+v", l)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%v is not a *ParseError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "reel.lock"+tc.pos) || !strings.Contains(msg, tc.want) {
				t.Errorf("got  %s\nwant reel.lock%s ... %s", msg, tc.pos, tc.want)
			}
			if strings.Count(msg, ": ") < 2 {
				t.Errorf("%s: want what is wrong and what to do", msg)
			}
		})
	}
}

// TestDecodeTolerates shows what the reader accepts beyond Encode's output
// without changing the value: CRLF, extra blank lines, comments, any field
// order (in version 2 but for the check and key lines, which end a block),
// no blank line between blocks.
func TestDecodeTolerates(t *testing.T) {
	in := "# c\r\nversion 1\r\n\r\n\r\nvideo b\r\n\tstate done\r\n# note\r\n\tkey " + k + "\r\nvideo a\n\tkey " + j + "\n\tstate pending\r\n" + foot
	l, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := New()
	want.Videos["a"] = &Entry{ID: "a", Key: j, State: Pending}
	want.Videos["b"] = &Entry{ID: "b", Key: k, State: Done}
	if diff := cmp.Diff(want, l, sameLock); diff != "" {
		t.Error(diff)
	}

	v2, err := Encode(golden())
	if err != nil {
		t.Fatal(err)
	}
	loose := strings.Replace(string(v2), "\n\nvideo \"pricing tour\"", "\nvideo \"pricing tour\"", 1)
	loose = strings.ReplaceAll(loose, "\n\nvideo ", "\n\n# a comment\n\n\nvideo ")
	loose = strings.Replace(loose, "\tprovider heygen/v3\n\tjob job-77aa\n", "\tjob job-77aa\n\tprovider heygen/v3\n", 1)
	for name, in := range map[string]string{"as written": string(v2), "CRLF": strings.ReplaceAll(string(v2), "\n", "\r\n")} {
		l, err := Decode([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(golden(), l, sameLock); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", name, diff)
		}
	}
	// Reordered fields change the bytes a block's check counts.
	if _, err := Decode([]byte(loose)); err == nil || !strings.Contains(err.Error(), "video onboarding/welcome@es does not match its check line") {
		t.Errorf("a version 2 block with its fields reordered: %v", err)
	}
	loose = strings.Replace(loose, "\tjob job-77aa\n\tprovider heygen/v3\n", "\tprovider heygen/v3\n\tjob job-77aa\n", 1)
	if l, err := Decode([]byte(loose)); err != nil {
		t.Errorf("version 2 with comments and blank lines between blocks: %v", err)
	} else if diff := cmp.Diff(golden(), l, sameLock); diff != "" {
		t.Errorf("version 2 with comments and blank lines between blocks: (-want +got)\n%s", diff)
	}
}

// needsQuote takes a shortcut for ASCII: it must say what the rule says,
// for every rune and for each byte value anywhere in a value.
func TestNeedsQuote(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		for _, s := range []string{string(r), "ab" + string(r), string(r) + "cd", "é" + string(r)} {
			if got, want := needsQuote(s), needsQuoteRunes(s); got != want {
				t.Fatalf("needsQuote(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "abc" + string([]byte{byte(c)}) + "def"} {
			if got, want := needsQuote(s), needsQuoteRunes(s); got != want {
				t.Fatalf("needsQuote(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for c := range 256 { // at each place in two 8-byte words and a tail
		for at := range 19 {
			b := []byte("0123456789abcdefxyz")
			b[at] = byte(c)
			if got, want := needsQuote(string(b)), needsQuoteRunes(string(b)); got != want {
				t.Fatalf("needsQuote(%q) = %v, want %v", b, got, want)
			}
		}
	}
	if !needsQuote("") {
		t.Error(`needsQuote("") = false`)
	}
}

// An upload without hash or value would write a lock no later run can
// read: Encode refuses it, as Decode would.
func TestEncodeRefusesEmptyUpload(t *testing.T) {
	for _, up := range []map[string]string{{"": "asset_1"}, {"sha256:1": ""}} {
		l := New()
		l.Videos["a"] = &Entry{ID: "a", Key: "k", State: Pending, Uploads: up}
		if _, err := Encode(l); err == nil {
			t.Errorf("Encode wrote uploads %v", up)
		}
	}
}

func TestFieldIndex(t *testing.T) {
	for i, name := range fieldNames {
		if got := fieldIndex(name); got != i {
			t.Errorf("fieldIndex(%q) = %d, want %d", name, got, i)
		}
	}
	if got := fieldIndex("nosuch"); got != -1 {
		t.Errorf("fieldIndex of an unknown name = %d", got)
	}
}

// TestEncodeAfterChanges: a decoded lock remembers its file's order so
// that Encode need not sort again; whatever an update does to Videos, the
// bytes must be those of a lock that never had that order.
func TestEncodeAfterChanges(t *testing.T) {
	base := New()
	for _, id := range []string{"b", "d", "f"} {
		base.Videos[id] = done(id, "k"+id)
	}
	data, err := Encode(base)
	if err != nil {
		t.Fatal(err)
	}
	blockOf := func(id string) string { // its lines, from video to key
		s := string(data)
		i := strings.Index(s, "video "+id+"\n")
		return s[i : i+strings.Index(s[i:], "\n\n")+1]
	}
	unsorted := strings.Replace(string(data), blockOf("b"), "@", 1) // d, b, f
	unsorted = strings.Replace(unsorted, blockOf("d"), blockOf("b"), 1)
	unsorted = strings.Replace(unsorted, "@", blockOf("d"), 1)
	for name, change := range map[string]func(*Lock){
		"none":          func(*Lock) {},
		"add first":     func(l *Lock) { l.Set(done("a", "ka")) },
		"add between":   func(l *Lock) { l.Set(done("c", "kc")) },
		"add last":      func(l *Lock) { l.Set(done("g", "kg")) },
		"remove":        func(l *Lock) { l.Remove("d") },
		"remove an add": func(l *Lock) { l.Remove("d"); l.Set(done("a", "ka")) },
		"re-render":     func(l *Lock) { l.Set(done("d", "new")) },
	} {
		for _, in := range []string{string(data), unsorted} {
			l, err := Decode([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			change(l)
			got, err := Encode(l)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := Encode(&Lock{Videos: l.Videos})
			if string(got) != string(want) {
				t.Errorf("%s: Encode after decode gave\n%s\nwant\n%s", name, got, want)
			}
			calls := 0 // an update keeps requests and sums keys in each: once per entry
			encode(l, func(*Entry) error { calls++; return nil })
			if calls != len(l.Videos) {
				t.Errorf("%s: each called %d times for %d videos", name, calls, len(l.Videos))
			}
		}
	}
}

// TestShortDecimal: the fast read of a number agrees with the long one
// (ParseFloat and the canonical check) on what it accepts, and the value.
func TestShortDecimal(t *testing.T) {
	long := func(v string) (float64, bool) {
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil && f > 0 && !math.IsInf(f, 0) && formatFloat(f) == v
	}
	inputs := []string{"12.5", "0.42", "1", "100", "0.1", "0.30000000000000004", "123456789012345", "1234567890123456",
		"99999999999999.9", "0.000000000000001", "5e-324", "1e21", "01", "0", "0.0", "1.50", "1.", ".5", "-1", "+1", "1.2.3", "", "0.5", "00.5"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		f := math.Float64frombits(r.Uint64() >> 2)
		if r.IntN(2) == 0 {
			f = float64(r.IntN(1e6)) / pow10[r.IntN(8)]
		}
		inputs = append(inputs, formatFloat(f), strconv.FormatFloat(f, 'f', r.IntN(17), 64))
	}
	for _, v := range inputs {
		f, ok := shortDecimal(v)
		if !ok {
			continue
		}
		want, canonical := long(v)
		if !canonical || f != want {
			t.Fatalf("shortDecimal(%q) = %v; ParseFloat: %v, canonical %v", v, f, want, canonical)
		}
	}
	for _, v := range []string{"12.5", "0.42", "1", "100", "0.1"} {
		if _, ok := shortDecimal(v); !ok {
			t.Errorf("shortDecimal(%q) refused a common number", v)
		}
	}
}
