package lock

import (
	"strings"
	"testing"
	"unicode"
)

// A terminal's escape sequence (here: set the window's title) that a
// branch may plant in reel.lock, for reel status, plan or gc to print.
const escape = `\x1b]0;pwned\a`

// TestControlCharactersRefused: a video's id, provider, job, output or
// replaced id, or a past render's, that holds a control character is
// refused where it is: reel writes none, and printed, it would drive the
// terminal of whoever runs reel on the branch. A provider's error message
// is text reel records as it came: its control characters are read as
// spaces. Encode holds to the same rules.
func TestControlCharactersRefused(t *testing.T) {
	const key = "6e1778db2e408267805e3799683a6f63627b7e3daa510e7858f7c9488b290675"
	block := func(lines ...string) string {
		return "version 1\n\nvideo a\n\tstate failed\n" + strings.Join(lines, "") + "\tkey " + key + "\n\n# end of reel.lock\n"
	}
	for _, c := range []struct{ name, lock, want string }{
		{"id", strings.Replace(block(), "video a", `video "a`+escape+`"`, 1), "reel.lock:3:7: the id holds a control character"},
		{"provider", block("\tprovider \"heygen" + escape + "\"\n"), "reel.lock:5:11: the provider holds a control character"},
		{"job", block("\tjob \"j" + escape + "\"\n"), "reel.lock:5:6: the job holds a control character"},
		{"output", block("\toutput \"a" + escape + ".mp4\"\n"), "reel.lock:5:9: the output holds a control character"},
		{"replaces", block("\treplaces \"b" + escape + "\"\n"), "reel.lock:5:11: the replaces holds a control character"},
		{"history", block("\thistory " + key + " provider=fal job=\"j" + escape + "\"\n"), "reel.lock:5:92: the job holds a control character"},
	} {
		_, err := Decode([]byte(c.lock))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.ContainsFunc(err.Error(), unicode.IsControl) {
			t.Errorf("%s: %v; want it refused, %q, and no control character in the error", c.name, err, c.want)
		}
	}
	l, err := Decode([]byte(block("\terror \"voice not found" + escape + "\\nnext line\"\n")))
	if err != nil {
		t.Fatal(err)
	}
	if msg := l.Videos["a"].Error; strings.ContainsFunc(msg, unicode.IsControl) || msg != "voice not found ]0;pwned  next line" {
		t.Errorf("error read as %q, want its control characters as spaces", msg)
	}
	e := &Entry{ID: "a", State: Failed, Key: key, Job: "j\x1b", Error: "no\x1bpe"}
	if _, err := Encode(&Lock{Videos: map[string]*Entry{"a": e}}); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("Encode of a job with a control character: %v, want it refused", err)
	}
	e.Job = "j"
	b, err := Encode(&Lock{Videos: map[string]*Entry{"a": e}})
	if err != nil || !strings.Contains(string(b), "\terror \"no pe\"\n") {
		t.Errorf("Encode of an error with a control character: %v\n%s\nwant it written with a space", err, b)
	}
}

// TestAvatarControlCharactersRefused: an avatar's names are held to the
// videos' rule, and its error is read as one line.
func TestAvatarControlCharactersRefused(t *testing.T) {
	l := New()
	l.SetAvatar(&Avatar{ID: AvatarID("heygen", "anna"), Key: renderKey("anna"), State: AvatarTrainSent, Group: "g9", Error: "x"})
	b, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	planted := strings.Replace(string(b), "\tgroup g9\n", "\tgroup \"g9"+escape+"\"\n", 1)
	if _, err := Decode([]byte(planted)); err == nil || !strings.Contains(err.Error(), "the group holds a control character") {
		t.Errorf("a group with an escape sequence: %v, want it refused", err)
	}
	l.Avatars[AvatarID("heygen", "anna")].Group = "g\x1b"
	if _, err := Encode(l); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("Encode of a group with a control character: %v, want it refused", err)
	}
}
