package lock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A damaged lock is an error, never a shorter lock: a video the reader
// loses is a video the next run pays for again.

// nine is a lock of nine rendered videos as reel writes it, v2 and v4
// with earlier renders, v5 in flight: the lock of the report.
func nine(t *testing.T) []byte {
	t.Helper()
	l := New()
	for i := 1; i <= 9; i++ {
		l.Set(done(fmt.Sprintf("v%d", i), fmt.Sprintf("first %d", i)))
	}
	l.Set(done("v2", "second 2"))
	l.Set(done("v4", "second 4"))
	l.Set(&Entry{ID: "v5", Key: renderKey("second 5"), State: Pending, Provider: "heygen/v2", Job: "job-5"})
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// crlf is data with CRLF line ends, as a checkout with core.autocrlf
// writes it.
func crlf(data []byte) []byte { return bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")) }

// wantRefused fails unless err is a positioned *ParseError that says how
// to take the lock from git, and returns its message.
func wantRefused(t *testing.T, err error, what string) string {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%s: got %v, want a *ParseError", what, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, FileName+":") || pe.Line < 1 || pe.Col < 1 {
		t.Errorf("%s: %s: want reel.lock:LINE:COL first", what, msg)
	}
	if !strings.Contains(msg, "git checkout ") {
		t.Errorf("%s: %s: want the fix, git checkout", what, msg)
	}
	return msg
}

// TestEveryCutIsRefused: a lock cut short by any number of bytes, at a
// block boundary or inside a line, with LF or CRLF line ends, is refused.
func TestEveryCutIsRefused(t *testing.T) {
	for name, data := range map[string][]byte{"LF": nine(t), "CRLF": crlf(nine(t))} {
		t.Run(name, func(t *testing.T) {
			if _, err := Decode(data); err != nil {
				t.Fatalf("the whole lock: %v", err)
			}
			for n := range len(data) {
				l, err := Decode(data[:n])
				if err == nil {
					t.Fatalf("the lock cut to %d of %d bytes was read: %d videos\n%s", n, len(data), len(l.Videos), data[:n])
				}
				if msg := wantRefused(t, err, fmt.Sprintf("cut to %d bytes", n)); !strings.Contains(msg, "git checkout reel.lock") {
					t.Fatalf("cut to %d bytes: %s: want the fix, git checkout reel.lock", n, msg)
				}
			}
		})
	}
}

// TestCutAtBlockBoundary: cut before any block, with or without the
// blank line before it, the lock is every line a smaller lock has; only
// the missing footer tells. The error is at the last line, says the lock
// was cut short and how to get it back.
func TestCutAtBlockBoundary(t *testing.T) {
	data := nine(t)
	cuts := 0
	for i := 0; i < len(data); i++ {
		if !bytes.HasPrefix(data[i:], []byte("\nvideo ")) && !bytes.HasPrefix(data[i:], []byte(footer)) {
			continue
		}
		for _, n := range []int{i, i + 1} { // after the key line; after the blank line too
			cuts++
			_, err := Decode(data[:n])
			msg := wantRefused(t, err, fmt.Sprintf("cut at byte %d", n))
			pos := fmt.Sprintf("%s:%d:1: ", FileName, bytes.Count(data[:n], []byte("\n")))
			if !strings.HasPrefix(msg, pos) || !strings.Contains(msg, "cut short") || !strings.Contains(msg, "git checkout reel.lock") || !strings.Contains(msg, "git show HEAD:reel.lock") {
				t.Errorf("cut at byte %d:\ngot  %s\nwant %s... cut short ... git checkout reel.lock ... git show HEAD:reel.lock", n, msg, pos)
			}
		}
	}
	if cuts != 2*10 {
		t.Fatalf("%d cuts, want 2 before each of 9 blocks and the footer", cuts)
	}
}

// TestChangedByteIsRefused changes each byte of a lock in turn, to a byte
// of its kind (a hex digit to another, a letter to another), which keeps
// most lines well-formed. From the first block on, every change is
// refused; one in a block's values is refused at its own line or, when
// the line still reads (the check line finds it), naming the video. (A
// changed byte of the header's comments changes nothing.)
func TestChangedByteIsRefused(t *testing.T) {
	data := nine(t)
	want, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	first := bytes.Index(data, []byte("\nvideo ")) + 1
	byCheck := 0
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] = sameKind(bad[i])
		got, err := Decode(bad)
		if i < first {
			if err == nil && !cmp.Equal(want, got, sameLock) {
				t.Fatalf("byte %d changed: read as a different lock", i)
			}
			continue
		}
		if err == nil {
			t.Fatalf("byte %d changed (%q to %q) and the lock still read:\n%s", i, data[i], bad[i], bad)
		}
		msg := wantRefused(t, err, fmt.Sprintf("byte %d", i))
		if strings.Contains(msg, "does not match its check line") {
			byCheck++
		}
		line := fmt.Sprintf("%s:%d:", FileName, bytes.Count(data[:i], []byte("\n"))+1)
		if id, ok := valueOf(data, i); ok && !strings.HasPrefix(msg, line) && !strings.Contains(msg, "video "+id+" ") {
			t.Errorf("byte %d, in a value of video %s, changed: %s: want the video named, or %s", i, id, msg, line)
		}
	}
	if byCheck < len(data)/2 {
		t.Errorf("the check lines caught %d of %d changes: most changes of a kind leave a line that reads", byCheck, len(data))
	}
	t.Logf("%d of %d changed bytes caught by a check line", byCheck, len(data))
}

// sameKind is another byte of c's kind.
func sameKind(c byte) byte {
	const hex = "0123456789abcdef0"
	switch {
	case strings.IndexByte(hex, c) >= 0:
		return hex[strings.IndexByte(hex, c)+1]
	case 'g' <= c && c < 'z':
		return c + 1
	case c == 'z':
		return 'g'
	}
	return c ^ 1
}

// valueOf says whether byte i of data is in a field's value, and whose.
func valueOf(data []byte, i int) (id string, ok bool) {
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	line := string(data[start:])
	line, _, _ = strings.Cut(line, "\n")
	if !strings.HasPrefix(line, "\t") || i <= start+strings.IndexByte(line, ' ') {
		return "", false
	}
	v := bytes.LastIndex(data[:i], []byte("\nvideo "))
	id, _, _ = strings.Cut(string(data[v+len("\nvideo "):]), "\n")
	return id, true
}

// TestHashFieldsAreStrict: the issue's own damage, a key of 54 hex digits in a lock
// that is otherwise whole (a version 1 lock has no check lines), is
// refused at the key, as are its like in every field that holds a hash.
func TestHashFieldsAreStrict(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.lock"))
	if err != nil {
		t.Fatal(err)
	}
	key := renderKey("pricing tour")
	sha := renderKey("output welcome-2")
	hist := renderKey("welcome-1")
	for _, tc := range []struct{ name, old, new, pos string }{
		{"54-digit key", "key " + key, "key " + key[:54], ":28:6:"},
		{"65-digit key", "key " + key, "key " + key + "0", ":28:6:"},
		{"upper-case key", "key " + key, "key " + strings.ToUpper(key), ":28:6:"},
		{"quoted key", "key " + key, `key "` + key + `"`, ":28:6:"},
		{"short sha256", "sha256 " + sha, "sha256 " + sha[:63], ":11:9:"},
		{"history key", "history " + hist, "history " + hist[:40], ":14:10:"},
		{"history sha256", "sha256=" + renderKey("output welcome-1"), "sha256=abc", ":14:156:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(v1, []byte(tc.old)) {
				t.Fatalf("no %q in testdata/v1.lock", tc.old)
			}
			bad := bytes.Replace(v1, []byte(tc.old), []byte(tc.new), 1)
			_, err := Decode(bad)
			msg := wantRefused(t, err, tc.name)
			if !strings.HasPrefix(msg, FileName+tc.pos) || !strings.Contains(msg, "64 lowercase hex") {
				t.Errorf("got  %s\nwant reel.lock%s ... 64 lowercase hex", msg, tc.pos)
			}
		})
	}
}

// TestVersion1StillReads: a lock written by an earlier reel (format 1,
// without check lines) reads, and the next write makes it version 2 with
// the same value. Its footer is required all the same.
func TestVersion1StillReads(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.lock"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"LF": v1, "CRLF": crlf(v1)} {
		l, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(golden(), l, sameLock); diff != "" {
			t.Errorf("%s: version 1 reads differently (-want +got):\n%s", name, diff)
		}
	}
	l, _ := Decode(v1)
	v2, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(v2, []byte("\nversion 2\n")) || bytes.Count(v2, []byte("\n\tcheck ")) != len(l.Videos) {
		t.Errorf("a version 1 lock is not written back as version 2 with a check per block:\n%s", v2)
	}
	cut := v1[:bytes.LastIndex(v1, []byte("\nvideo "))+1]
	_, err = Decode(cut)
	if msg := wantRefused(t, err, "version 1 cut short"); !strings.Contains(msg, "cut short") {
		t.Errorf("version 1 cut before its last block: %s", msg)
	}
}

// TestCheckLines: in version 2 every block ends with its check line and
// then its key line, and the check must match; each way of breaking that
// is refused, naming the video.
func TestCheckLines(t *testing.T) {
	good, err := Encode(golden())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(good), "\n")
	check := 0 // the line index of the first block's check line
	for i, s := range lines {
		if strings.HasPrefix(s, "\tcheck ") {
			check = i
			break
		}
	}
	if check == 0 || !strings.HasPrefix(lines[check+1], "\tkey ") {
		t.Fatalf("no check line right before a key line:\n%s", good)
	}
	join := func(ls ...[]string) []byte {
		var b strings.Builder
		for _, l := range ls {
			b.WriteString(strings.Join(l, ""))
		}
		return []byte(b.String())
	}
	at := func(i int) []string { return lines[i : i+1] }
	for _, tc := range []struct {
		name, want string
		in         []byte
	}{
		{"no check line", "video onboarding/welcome has no check line", join(lines[:check], lines[check+1:])},
		{"wrong check", "video onboarding/welcome does not match its check line", []byte(strings.Replace(string(good), lines[check], "\tcheck 00000000\n", 1))},
		{"key before check", "video onboarding/welcome", join(lines[:check], at(check+1), at(check), lines[check+2:])},
		{"field after key", "video onboarding/welcome", join(lines[:check], at(check), at(check+1), at(check-1), lines[check+2:])},
		{"two check lines", "check appears twice", join(lines[:check+1], lines[check:])},
		{"upper-case check", "8 lowercase hex", []byte(strings.Replace(string(good), lines[check], lines[check][:7]+strings.ToUpper(lines[check][7:]), 1))},
		{"check in version 1", "version 1", bytes.Replace(good, []byte("\nversion 2\n"), []byte("\nversion 1\n"), 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in)
			if msg := wantRefused(t, err, tc.name); !strings.Contains(msg, tc.want) {
				t.Errorf("got  %s\nwant %s", msg, tc.want)
			}
		})
	}
}

// TestFooterOnce: the footer is the last line, once; anything after it
// is refused as well as a second one.
func TestFooterOnce(t *testing.T) {
	good, err := Encode(golden())
	if err != nil {
		t.Fatal(err)
	}
	for name, in := range map[string][]byte{
		"blank line after":  append(bytes.Clone(good), '\n'),
		"a comment after":   append(bytes.Clone(good), "# more\n"...),
		"twice":             append(bytes.Clone(good), footer[1:]...),
		"no newline":        good[:len(good)-1],
		"footer mid-file":   bytes.Replace(good, []byte("\nvideo onboarding/welcome@es"), []byte(footer+"video onboarding/welcome@es"), 1),
		"footer with space": bytes.Replace(good, []byte("reel.lock\n"), []byte("reel.lock \n"), 1),
	} {
		if _, err := Decode(in); err == nil {
			t.Errorf("%s: read", name)
		} else {
			wantRefused(t, err, name)
		}
	}
}

// isHex takes eight bytes at a time: it must say what hexDigit says, for
// each byte value at each place of a hash, and of a check.
func TestIsHex(t *testing.T) {
	rule := func(s string, n int) bool {
		for i := 0; i < len(s); i++ {
			if hexDigit[s[i]] == 0 {
				return false
			}
		}
		return len(s) == n
	}
	for _, n := range []int{hashLen, checkLen} {
		for c := range 256 {
			for at := range n {
				b := []byte(renderKey("x")[:n])
				b[at] = byte(c)
				if got, want := isHex(string(b), n), rule(string(b), n); got != want {
					t.Fatalf("isHex(%q, %d) = %v, want %v", b, n, got, want)
				}
			}
		}
	}
	for _, s := range []string{"", renderKey("x")[:63], renderKey("x") + "0"} {
		if isHex(s, hashLen) {
			t.Errorf("isHex(%q, 64) = true", s)
		}
	}
	if !isHex(strings.Repeat("0123456789abcdef", 4), hashLen) {
		t.Error("isHex refused every hex digit")
	}
}
