package manifest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// photoProject is a project with one declared photo avatar of two photos
// and a look, and a video of each: the avatar's own photos on Avatar IV,
// and its look on v3.
func photoProject(api string) project {
	return project{
		"reel.yaml": fmt.Sprintf(`version: 1
provider: heygen
providers: {heygen: {api: %s}}
defaults:
  voice: {id: v1}
avatars:
  anna:
    photos: [assets/anna/front.png, assets/anna/side.png]
    looks:
      office: {prompt: "navy blazer, bright office"}
`, api),
		"assets/anna/front.png": portrait + " front",
		"assets/anna/side.png":  portrait + " side",
		"videos/hello.yaml":     "avatar: {photo: anna}\nscenes:\n  - script: Hi, I'm Anna.\n",
		"videos/office.yaml":    "avatar: {photo: anna, look: office}\nscenes:\n  - script: Welcome to the office.\n",
	}
}

// loadSet loads a project written into a temp folder; errors are in the
// set, or in err for reel.yaml's.
func loadSet(t *testing.T, files project) (*Set, error) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		return nil, err
	}
	return Load(p, Options{Providers: TestProviders})
}

func TestPhotoAvatarRequests(t *testing.T) {
	for _, api := range []string{"v3", "av4"} {
		t.Run(api, func(t *testing.T) {
			set, err := loadSet(t, photoProject(api))
			if err != nil || len(set.Errors) > 0 {
				t.Fatalf("load: %v %v", err, set.Errors)
			}
			anna := set.Project.Avatars["anna"]
			if len(anna.Photos) != 2 || anna.Looks["office"].Pose != DefaultPose {
				t.Fatalf("avatar anna: %+v", anna)
			}
			field := map[string]string{"v3": "avatar_id", "av4": "image_key"}[api]
			for _, c := range []struct{ id, want string }{
				{"hello", PhotoRefPrefix + anna.PhotosKey},
				{"office", LookRefPrefix + anna.Looks["office"].Key},
			} {
				v := videoOf(t, set, c.id)
				if got := v.Request.Body()[field]; got != c.want {
					t.Errorf("%s: %s is %v, want the avatar's placeholder %s", c.id, field, got, c.want)
				}
				if len(v.Request.Avatars) != 1 || v.Request.Avatars[0].Ref != c.want || v.Request.Avatars[0].Avatar != anna {
					t.Errorf("%s: Request.Avatars %+v", c.id, v.Request.Avatars)
				}
			}
		})
	}
}

func videoOf(t *testing.T, set *Set, id string) *Video {
	t.Helper()
	for _, v := range set.Videos {
		if v.ID == id {
			return v
		}
	}
	t.Fatalf("no video %s", id)
	return nil
}

// TestAvatarKey: a photo's content and order, and a look's prompt and
// options, change the avatar key and the render keys of the videos that
// use what changed; a photo renamed or moved, a look renamed, and a look
// added change no render key.
func TestAvatarKey(t *testing.T) {
	base := photoProject("av4")
	want := keys(t, base, "")
	moved := strings.Replace(base["reel.yaml"], "assets/anna/front.png, assets/anna/side.png", "people/front-2024.png, assets/anna/side.png", 1)
	for name, c := range map[string]struct {
		files   project
		changed []string // videos whose key changes
	}{
		"a photo renamed and moved": {base.with("reel.yaml", moved).with("assets/anna/front.png", "").with("people/front-2024.png", base["assets/anna/front.png"]), nil},
		"a look added":              {base.with("reel.yaml", base["reel.yaml"]+"      casual: {prompt: hoodie}\n"), nil},
		"a look renamed": {base.with("reel.yaml", strings.Replace(base["reel.yaml"], "office:", "work:", 1)).
			with("videos/office.yaml", strings.Replace(base["videos/office.yaml"], "look: office", "look: work", 1)), nil},
		"the default pose spelt out": {base.with("reel.yaml", strings.Replace(base["reel.yaml"], `bright office"}`, `bright office", pose: half_body}`, 1)), nil},
		"one byte of a photo":        {base.with("assets/anna/side.png", portrait+" sidE"), []string{"hello", "office"}},
		"the photos swapped": {base.with("reel.yaml", strings.Replace(base["reel.yaml"], "assets/anna/front.png, assets/anna/side.png", "assets/anna/side.png, assets/anna/front.png", 1)),
			[]string{"hello", "office"}},
		"the look's prompt": {base.with("reel.yaml", strings.Replace(base["reel.yaml"], "bright office", "dark office", 1)), []string{"office"}},
		"the look's style":  {base.with("reel.yaml", strings.Replace(base["reel.yaml"], `bright office"}`, `bright office", style: Noir}`, 1)), []string{"office"}},
	} {
		t.Run(name, func(t *testing.T) {
			got := keys(t, c.files, "")
			for id, k := range want {
				changed := got[id] != k
				if wantChanged := strings.Contains(strings.Join(c.changed, " "), id); changed != wantChanged {
					t.Errorf("%s: key changed %v, want %v", id, changed, wantChanged)
				}
			}
		})
	}
}

func TestAvatarKeyCoversLooks(t *testing.T) {
	a, err := loadSet(t, photoProject("v3"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadSet(t, photoProject("v3").with("reel.yaml", strings.Replace(photoProject("v3")["reel.yaml"], "bright office", "dark office", 1)))
	if err != nil {
		t.Fatal(err)
	}
	ka, kb := a.Project.Avatars["anna"], b.Project.Avatars["anna"]
	if ka.Key == kb.Key || ka.PhotosKey != kb.PhotosKey {
		t.Errorf("a look's prompt changed: avatar keys %s %s (want different), photos keys %s %s (want equal)", ka.Key, kb.Key, ka.PhotosKey, kb.PhotosKey)
	}
}

// TestAvatarErrors: each mistake is reported where it is, saying what to
// do; all of a file's are reported.
func TestAvatarErrors(t *testing.T) {
	base := photoProject("av4")
	yaml := base["reel.yaml"]
	for name, c := range map[string]struct {
		files project
		want  []string // "file:line:col: field: message" fragments, in order
	}{
		"a missing photo and a text file": {
			base.with("assets/anna/side.png", "").with("reel.yaml", strings.Replace(yaml, "side.png]", "side.png, notes.txt]", 1)).with("notes.txt", "not a photo"),
			[]string{
				"reel.yaml:8:37: avatars.anna.photos[1]: assets/anna/side.png: no such file",
				"reel.yaml:8:59: avatars.anna.photos[2]: notes.txt: is not an image, audio or video file reel knows (a text file)",
			}},
		"no photos": {base.with("reel.yaml", strings.Replace(yaml, "[assets/anna/front.png, assets/anna/side.png]", "[]", 1)),
			[]string{"reel.yaml:8:13: avatars.anna.photos: give 1 to 20 photos"}},
		"21 photos": {base.with("reel.yaml", strings.Replace(yaml, "assets/anna/side.png]", strings.Repeat("assets/anna/side.png, ", 20)+"assets/anna/side.png]", 1)),
			[]string{"avatars.anna.photos[20]: give 1 to 20 photos"}},
		"an undeclared avatar": {base.with("videos/hello.yaml", "avatar: {photo: bob}\nscenes:\n  - script: Hi.\n"),
			[]string{"videos/hello.yaml:1:17: avatar.photo: no avatar \"bob\" in reel.yaml: declare it under avatars (it declares anna)"}},
		"an undeclared look": {base.with("videos/office.yaml", "avatar: {photo: anna, look: beach}\nscenes:\n  - script: Hi.\n"),
			[]string{"videos/office.yaml:1:29: avatar.look: avatar anna has no look \"beach\": declare it under avatars.anna.looks in reel.yaml (it has office)"}},
		"a look without a photo": {base.with("videos/office.yaml", "avatar: {image: ../assets/anna/front.png, look: office}\nscenes:\n  - script: Hi.\n"),
			[]string{"videos/office.yaml:1:9: avatar: a look is one of a photo avatar's: set avatar.photo too"}},
		"an API that cannot use it": {base.with("reel.yaml", strings.Replace(yaml, "api: av4", "api: v2", 1)),
			[]string{"videos/hello.yaml:1:17: avatar.photo: HeyGen v2 cannot use a trained photo avatar: render it with HeyGen v3 or Avatar IV",
				"videos/office.yaml:1:17: avatar.photo: HeyGen v2 cannot use a trained photo avatar"}},
		"a provider that cannot use it": {base.with("videos/hello.yaml", "provider: fal\nvoice: {name: Ivy}\navatar: {photo: anna}\nscenes:\n  - script: Hi.\n"),
			[]string{"videos/hello.yaml:3:17: avatar.photo: fal cannot use a trained photo avatar"}},
	} {
		t.Run(name, func(t *testing.T) {
			set, err := loadSet(t, c.files)
			var got []string
			if err != nil {
				for _, e := range err.(Errors) {
					got = append(got, e.Format(filepath.Dir(e.Pos.File)))
				}
			} else {
				for _, e := range set.Errors {
					got = append(got, e.Format(filepath.Dir(filepath.Dir(e.Pos.File))))
				}
			}
			all := strings.Join(got, "\n")
			if len(got) != len(c.want) {
				t.Errorf("got %d errors, want %d:\n%s", len(got), len(c.want), all)
			}
			for i, w := range c.want {
				if i >= len(got) || !strings.Contains(got[i], w) {
					t.Errorf("error %d: want %q in:\n%s", i, w, all)
				}
			}
		})
	}
}
