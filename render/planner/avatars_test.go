package planner

import (
	"strings"
	"testing"
	"time"
)

// avatarProject is a small project whose videos speak with a declared
// photo avatar, aged so that no input is racy.
func avatarProject(t *testing.T) *project {
	dir := t.TempDir()
	p := &project{t: t, dir: dir, pl: New(dir, Options{})}
	write(t, p.path("reel.yaml"), `version: 1
provider: heygen
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
avatars:
  anna:
    photos: [people/anna.png]
`)
	write(t, p.path("people/anna.png"), "\x89PNG\r\n\x1a\n anna")
	write(t, p.path("videos/hello.yaml"), "avatar: {photo: anna}\nscenes:\n  - script: Hi, I'm Anna.\n")
	write(t, p.path("videos/plain.yaml"), "avatar: {id: Angela-inTshirt-20220820}\nscenes:\n  - script: Hello.\n")
	age(t, dir, time.Hour)
	return p
}

// TestSnapshotKeepsAvatars: a plan read from the snapshot lists the
// avatars to train as a full plan does; a changed photo, and an edited
// manifest of a project that declares avatars, are planned in full.
func TestSnapshotKeepsAvatars(t *testing.T) {
	p := avatarProject(t)
	full := p.full()
	if !strings.Contains(full, "+ train    avatar anna  new avatar: 1 photo  $4.00 (4 credits)\n") || !strings.Contains(full, `"avatars": [`) {
		t.Fatalf("the full plan lacks the avatar:\n%s", full)
	}
	got, form, need := p.fromSnapshot()
	if need != nil || form != Fresh {
		t.Fatalf("from the snapshot: form %v, need %v", form, need)
	}
	if got != full {
		t.Fatalf("the plan from the snapshot differs from the full plan:\n%s\n--- full:\n%s", got, full)
	}

	edit(t, p.path("videos/plain.yaml"), "Hello.", "Hello there.")
	if _, _, need := p.fromSnapshot(); need == nil || need.Reason != Avatars {
		t.Fatalf("an edited manifest of a project with avatars: need %v, want a full plan for the avatars", need)
	}
	p.full()
	age(t, p.dir, time.Hour)
	p.full()

	write(t, p.path("people/anna.png"), "\x89PNG\r\n\x1a\n anna!")
	age(t, p.dir, time.Hour)
	if _, _, need := p.fromSnapshot(); need == nil || need.Reason != InputChanged {
		t.Fatalf("a changed photo: need %v, want a full plan (an input changed)", need)
	}
}
