package lock

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// withAvatars is golden()'s lock with two photo avatars: one trained with
// a look done and one in flight, one whose training was sent and not yet
// confirmed.
func withAvatars() *Lock {
	l := golden()
	l.SetAvatar(&Avatar{ID: AvatarID("heygen", "anna"), Key: renderKey("anna"), Photos: renderKey("anna photos"), State: AvatarTrained,
		Name: "reel anna 0123456789abcdef", Group: "0b1b8dab", Trained: "0b1b8dab",
		Looks: []LookRecord{
			{Key: renderKey("anna office"), Name: "office", State: LookDone, Generation: "c37388c9", IDs: []string{"l1", "l2"}},
			{Key: renderKey("anna beach"), Name: "beach", State: LookSent},
		}})
	l.SetAvatar(&Avatar{ID: AvatarID("sandbox:heygen", "bob"), Key: renderKey("bob"), Photos: renderKey("bob photos"), State: AvatarFailed,
		Name: "reel bob fedcba9876543210", Group: "g2", Error: `no face detected, please try another photo`})
	for _, a := range l.Avatars {
		sortLooks(a)
	}
	return l
}

func sortLooks(a *Avatar) {
	looks := a.Looks
	a.Looks = nil
	for _, r := range looks {
		a.SetLook(r)
	}
}

func TestAvatarsRoundTrip(t *testing.T) {
	l := withAvatars()
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte("\nversion 3\n")) {
		t.Errorf("a lock with avatars is not version %d:\n%s", AvatarsVersion, data)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if diff := cmp.Diff(l, got, sameLock); diff != "" {
		t.Errorf("decode(encode(l)) differs (-want +got):\n%s\n%s", diff, data)
	}
	if again, _ := Encode(got); !bytes.Equal(data, again) {
		t.Errorf("encode is not stable:\n%s\n---\n%s", data, again)
	}
	path := filepath.Join("testdata", "avatars.lock")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("encoding differs from %s (go test -update to refresh):\n%s", path, data)
	}
}

// TestNoAvatarsNoNewVersion: a lock of videos alone is written as it was
// before avatars existed, byte for byte.
func TestNoAvatarsNoNewVersion(t *testing.T) {
	l := withAvatars()
	l.Avatars = nil
	data, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Encode(golden())
	if !bytes.Equal(data, want) || !bytes.Contains(data, []byte("\nversion 2\n")) {
		t.Errorf("a lock without avatars changed:\n%s", data)
	}
}

// TestAvatarDamage: every damage of an avatar block is refused at its
// line, as a video block's is.
func TestAvatarDamage(t *testing.T) {
	good, err := Encode(withAvatars())
	if err != nil {
		t.Fatal(err)
	}
	text := string(good)
	for _, c := range []struct{ name, lock, want string }{
		{"in a version 2 lock", strings.Replace(text, "version 3", "version 2", 1), "an avatar block in a version 2 lock"},
		{"a changed group", strings.Replace(text, "group 0b1b8dab", "group 0b1b8dac", 1), `avatar heygen/anna does not match its check line`},
		{"a lost look", dropLine(text, "\tlook "+renderKey("anna beach")), `avatar heygen/anna does not match its check line`},
		{"an unknown state", strings.Replace(text, "state trained", "state happy", 1), `bad state happy`},
		{"an unknown field", strings.Replace(text, "\tgroup 0b1b8dab\n", "\tgroup 0b1b8dab\n\tcolour blue\n", 1), `unknown field colour in avatar heygen/anna`},
		{"a field twice", strings.Replace(text, "\tgroup 0b1b8dab\n", "\tgroup 0b1b8dab\n\tgroup 0b1b8dab\n", 1), `field group appears twice in avatar heygen/anna`},
		{"a short key", strings.Replace(text, "key "+renderKey("anna"), "key "+renderKey("anna")[:60], 1), `render key`},
		{"twice", strings.Replace(text, "# end of reel.lock", strings.SplitN(text[strings.Index(text, "avatar heygen/anna"):], "\n\n", 2)[0]+"\n\n# end of reel.lock", 1), `avatar heygen/anna appears twice`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode([]byte(c.lock))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error saying %q", err, c.want)
			}
			if _, ok := err.(*ParseError); err != nil && !ok {
				t.Errorf("%T is not a positioned *ParseError", err)
			}
		})
	}
}

func dropLine(text, prefix string) string {
	i := strings.Index(text, prefix)
	j := strings.Index(text[i:], "\n")
	return text[:i] + text[i+j+1:]
}

// TestAvatarsSurviveUpdate: Update keeps the avatars it read, and writes
// a lock that holds avatars only.
func TestAvatarsSurviveUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	a := withAvatars().Avatars[AvatarID("heygen", "anna")]
	if _, err := Update(path, func(l *Lock) error { l.SetAvatar(a); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Update(path, func(l *Lock) error { l.Set(done("hello", "h1")); return nil }); err != nil {
		t.Fatal(err)
	}
	l, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, l.Avatars[a.ID]); diff != "" || l.Videos["hello"] == nil {
		t.Errorf("after two updates the avatar differs (-want +got):\n%s", diff)
	}
}

// TestForgetAvatar: of a trained avatar, forget drops the look
// generations sent and never confirmed, and keeps the rest; of another,
// its whole record, at every account.
func TestForgetAvatar(t *testing.T) {
	l := withAvatars()
	anna := *l.Avatars["heygen/anna"]
	l.SetAvatar(&Avatar{ID: AvatarID("sandbox:heygen", "anna"), Key: renderKey("anna"), Photos: renderKey("anna photos"), State: AvatarTrainSent, Group: "g9"})
	got := l.ForgetAvatar("anna")
	if want := []string{"heygen/anna: 1 unconfirmed look generation", "sandbox:heygen/anna"}; !slices.Equal(got, want) {
		t.Errorf("forgot %q, want %q", got, want)
	}
	kept := l.Avatars["heygen/anna"]
	if kept == nil || len(kept.Looks) != 1 || kept.Looks[0].State != LookDone || kept.Group != anna.Group || l.Avatars["sandbox:heygen/anna"] != nil {
		t.Errorf("after forgetting: %+v, sandbox's %+v", kept, l.Avatars["sandbox:heygen/anna"])
	}
	if got := l.ForgetAvatar("nobody"); len(got) != 0 || l.Avatars["sandbox:heygen/bob"] == nil {
		t.Errorf("forgetting an unknown avatar forgot %q", got)
	}
}
