package render_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/fake"
)

// avatarFiles is a project of two declared photo avatars on HeyGen api:
// anna (two photos) speaks hello and intro, bob (one photo) speaks pitch
// in his look office.
func avatarFiles(api string) map[string]string {
	return map[string]string{
		"reel.yaml": fmt.Sprintf(`version: 1
provider: heygen
providers: {heygen: {api: %s}}
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
avatars:
  anna:
    photos: [people/anna-front.png, people/anna-side.png]
  bob:
    photos: [people/bob.png]
    looks:
      office: {prompt: "navy blazer, bright office"}
`, api),
		"people/anna-front.png": pngAsset + "anna front",
		"people/anna-side.png":  pngAsset + "anna side",
		"people/bob.png":        pngAsset + "bob",
		"videos/hello.yaml":     "avatar: {photo: anna}\nscenes:\n  - script: Hi, I'm Anna.\n",
		"videos/intro.yaml":     "avatar: {photo: anna}\nscenes:\n  - script: Let me introduce Acme.\n",
		"videos/pitch.yaml":     "avatar: {photo: bob, look: office}\nscenes:\n  - script: Bob here, from the office.\n",
	}
}

// photoCharges counts the fake's paid photo avatar calls by kind.
func photoCharges(w *world) map[string]int {
	out := map[string]int{}
	for _, c := range w.hg.PhotoLedger() {
		out[c.Kind]++
	}
	return out
}

func wantCharges(t *testing.T, w *world, groups, trainings, looks int) {
	t.Helper()
	got := photoCharges(w)
	if got[fake.PhotoCreateGroup] != groups || got[fake.PhotoTrain] != trainings || got[fake.PhotoGenerateLook] != looks {
		t.Fatalf("the fake charged %v; want %d groups, %d trainings, %d looks", got, groups, trainings, looks)
	}
}

func avatarKinds(p *plan.Plan) []string {
	var out []string
	for _, a := range p.Avatars {
		out = append(out, a.Name+":"+string(a.Kind))
	}
	return out
}

// TestTrainBeforeRender: each declared avatar trains once, before its
// videos, which render its trained look (Avatar IV's image_key, v3's
// avatar_id); a second render trains nothing.
func TestTrainBeforeRender(t *testing.T) {
	for api, field := range map[string]string{"av4": `"image_key":"`, "v3": `"avatar_id":"`} {
		t.Run(api, func(t *testing.T) {
			w := newWorld(t, avatarFiles(api), fake.HeyGenOptions{API: api, Credits: 1 << 20, StrictCatalog: true})
			p := w.plan()
			if got := avatarKinds(p); !slices.Equal(got, []string{"anna:train", "bob:train"}) {
				t.Fatalf("plan's avatars: %v", got)
			}
			w.mustRender()
			wantCharges(t, w, 2, 2, 1)
			l := w.lock()
			anna, bob := l.Avatars["heygen/anna"], l.Avatars["heygen/bob"]
			if anna == nil || anna.State != lock.AvatarTrained || bob == nil || len(bob.Looks) != 1 || bob.Looks[0].State != lock.LookDone {
				t.Fatalf("reel.lock's avatars: %+v %+v", anna, bob)
			}
			bodies := w.hg.Server().Requests(fake.RouteCreate)
			for _, want := range []string{field + anna.Trained + `"`, field + bob.Looks[0].IDs[0] + `"`} {
				if !slices.ContainsFunc(bodies, func(r fake.Request) bool { return strings.Contains(string(r.Body), want) }) {
					t.Errorf("no create sends %s", want)
				}
			}
			w.checkPaidOnce()
			w.checkOutputs()

			if p := w.plan(); p.Pending() {
				t.Fatalf("after the render the plan has work: %v %v", avatarKinds(p), kinds(p))
			}
			before := w.lockBytes()
			w.mustRender()
			wantCharges(t, w, 2, 2, 1)
			if string(w.lockBytes()) != string(before) {
				t.Error("a render with nothing to do changed reel.lock")
			}
		})
	}
}

// TestRetrainOnlyWhatChanged: one changed byte of one photo trains that
// avatar once and re-renders its videos only; moving and renaming a photo
// trains and renders nothing.
func TestRetrainOnlyWhatChanged(t *testing.T) {
	files := avatarFiles("av4")
	w := newWorld(t, files, fake.HeyGenOptions{API: "av4", Credits: 1 << 20, StrictCatalog: true})
	w.mustRender()
	charged := len(w.charges())

	w.write("people/anna-side.png", pngAsset+"anna sidE")
	p := w.plan()
	if got := avatarKinds(p); !slices.Equal(got, []string{"anna:train", "bob:ok"}) {
		t.Fatalf("plan's avatars after a photo changed: %v", got)
	}
	if got := kinds(p); !slices.Equal(got, []string{"hello:render", "intro:render", "pitch:ok"}) {
		t.Fatalf("plan's videos after a photo changed: %v", got)
	}
	w.mustRender()
	wantCharges(t, w, 3, 3, 1)
	if n := len(w.charges()) - charged; n != 2 {
		t.Fatalf("the retrained avatar's 2 videos were charged %d renders", n)
	}

	moved := strings.Replace(files["reel.yaml"], "people/anna-front.png", "team/anna/front-2025.png", 1)
	w.write("reel.yaml", moved)
	w.write("team/anna/front-2025.png", files["people/anna-front.png"])
	if p := w.plan(); p.Pending() {
		t.Fatalf("a photo moved and renamed: the plan has work: %v %v", avatarKinds(p), kinds(p))
	}
}

// TestFailedTrainingFailsItsVideos: a training the provider fails fails
// its avatar's videos with the provider's message, and no other; the next
// run trains it again and renders them.
func TestFailedTrainingFailsItsVideos(t *testing.T) {
	w := newWorld(t, avatarFiles("v3"), fake.HeyGenOptions{API: "v3", Credits: 1 << 20, StrictCatalog: true})
	w.hg.Server().Inject(fake.RoutePhotoTrain, fake.Fault{Kind: fake.LateFailure, Match: "", Times: 1, Message: "No face detected, please try another photo."})
	res := w.render()
	var failed []string
	for id, err := range res.Failed {
		failed = append(failed, id)
		if !strings.Contains(err.Error(), "No face detected, please try another photo.") || !strings.Contains(err.Error(), "avatar ") {
			t.Errorf("%s: %v; want the avatar named and the provider's message", id, err)
		}
	}
	slices.Sort(failed)
	if len(failed) != 1 && len(failed) != 2 {
		t.Fatalf("failed: %v; want the videos of the avatar whose training failed", failed)
	}
	if len(res.Done) != 3-len(failed) {
		t.Fatalf("done %v, failed %v: the other avatar's videos must render", res.Done, failed)
	}
	w.mustRender()
	wantCharges(t, w, 2, 3, 1) // the failed group trained again
	w.checkPaidOnce()
	if p := w.plan(); p.Pending() {
		t.Fatalf("after the rerun: %v %v", avatarKinds(p), kinds(p))
	}
}
