package fake

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// photoUpload sends an image to the upload host and returns its image_key
// and id.
func (h *HeyGen) photoUpload(t *testing.T, n int) (key, id string) {
	t.Helper()
	body := fmt.Sprintf("\x89PNG\r\n\x1a\nphoto %d", n)
	a := heygenReq{method: "POST", url: h.UploadURL() + "/v1/asset", key: h.Key(), ctype: "image/png", body: body}.do(t)
	heygenMust(t, a, 200)
	key, _ = heygenDig(t, a.body, "data", "image_key").(string)
	id, _ = heygenDig(t, a.body, "data", "id").(string)
	return key, id
}

// photoGroup creates a group of n uploaded photos (one create, then adds
// of up to four) and returns its id.
func (h *HeyGen) photoGroup(t *testing.T, n int) string {
	t.Helper()
	first, _ := h.photoUpload(t, 0)
	a := h.post(t, "/v2/photo_avatar/avatar_group/create", `{"name":"Anna","image_key":"`+first+`"}`)
	heygenMust(t, a, 200)
	group, _ := heygenDig(t, a.body, "data", "group_id").(string)
	var keys []string
	for i := 1; i < n; i++ {
		k, _ := h.photoUpload(t, i)
		keys = append(keys, `"`+k+`"`)
		if len(keys) == 4 || i == n-1 {
			heygenMust(t, h.post(t, "/v2/photo_avatar/avatar_group/add",
				`{"group_id":"`+group+`","name":"Anna","image_keys":[`+strings.Join(keys, ",")+`]}`), 200)
			keys = nil
		}
	}
	return group
}

// photoTrained creates and trains a group, and waits for the training.
func (h *HeyGen) photoTrained(t *testing.T, n int) string {
	t.Helper()
	group := h.photoGroup(t, n)
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+group+`"}`), 200)
	h.Server().Advance(time.Minute)
	return group
}

// lookIDs lists a group's looks.
func (h *HeyGen) lookIDs(t *testing.T, group string) []string {
	t.Helper()
	a := h.get(t, "/v2/avatar_group/"+group+"/avatars")
	heygenMust(t, a, 200)
	list, _ := heygenDig(t, a.body, "data", "avatar_list").([]any)
	var ids []string
	for _, l := range list {
		ids = append(ids, l.(map[string]any)["id"].(string))
	}
	return ids
}

// The whole lifecycle of seed 003 on the wire: photos uploaded, a group
// made of them (its first photo avatar's id is the group's, its image_url
// names the image_key), trained through each status, a look generated
// through each status, each paid step charged once; the trained looks are
// talking photos and v3 looks that Avatar IV, v2 and v3 creates take.
func TestHeyGenPhotoLifecycle(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{StrictCatalog: true})
	first, _ := h.photoUpload(t, 0)
	a := h.post(t, "/v2/photo_avatar/avatar_group/create", `{"name":"Anna","image_key":"`+first+`"}`)
	heygenMust(t, a, 200)
	group, _ := heygenDig(t, a.body, "data", "group_id").(string)
	img, _ := heygenDig(t, a.body, "data", "image_url").(string)
	if u, err := url.Parse(img); err != nil || group == "" || heygenDig(t, a.body, "data", "id") != group ||
		heygenDig(t, a.body, "data", "status") != "pending" || u.Path != "/"+first || heygenDig(t, a.body, "error") != nil {
		t.Fatalf("create answer %s", a.body)
	}
	if got := call(t, "GET", img, "", ""); got.status != 200 || !strings.HasPrefix(string(got.body), "\x89PNG") {
		t.Fatalf("image_url serves %d %q", got.status, got.body)
	}
	var keys []string
	for i := 1; i <= 4; i++ {
		k, _ := h.photoUpload(t, i)
		keys = append(keys, `"`+k+`"`)
	}
	a = h.post(t, "/v2/photo_avatar/avatar_group/add", `{"group_id":"`+group+`","name":"Anna","image_keys":[`+strings.Join(keys, ",")+`]}`)
	heygenMust(t, a, 200)
	if list, _ := heygenDig(t, a.body, "data", "photo_avatar_list").([]any); len(list) != 4 {
		t.Fatalf("add answer %s", a.body)
	}
	if looks := h.lookIDs(t, group); len(looks) != 5 || looks[0] != group {
		t.Fatalf("looks %v", looks)
	}
	photoStatuses(t, h, "/v2/photo_avatar/train/status/"+group, "empty")
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+group+`"}`), 200)
	photoStatuses(t, h, "/v2/photo_avatar/train/status/"+group, "pending", "processing", "ready")

	a = h.post(t, "/v2/photo_avatar/look/generate", `{"group_id":"`+group+`","prompt":"Wearing a blue suit in a modern office","orientation":"square","pose":"half_body","style":"Realistic"}`)
	heygenMust(t, a, 200)
	gen, _ := heygenDig(t, a.body, "data", "generation_id").(string)
	a = photoStatuses(t, h, "/v2/photo_avatar/generation/"+gen, "pending", "in_progress", "success")
	images, _ := heygenDig(t, a.body, "data", "image_key_list").([]any)
	looks := h.lookIDs(t, group)
	if len(images) != photoImagesPerLook || len(looks) != 5+photoImagesPerLook {
		t.Fatalf("generation %s, looks %v", a.body, looks)
	}
	want := []PhotoCharge{{PhotoCreateGroup, group, group}, {PhotoTrain, group, group}, {PhotoGenerateLook, group, gen}}
	if got := h.PhotoLedger(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ledger %v, want %v", got, want)
	}
	photoCreatesTake(t, h, looks[1], looks[len(looks)-1])
	if a = h.get(t, "/v3/avatars/looks?group_id="+group); len(heygenDig(t, a.body, "data").([]any)) != len(looks) ||
		heygenDig(t, a.body, "data", 0, "avatar_type") != "photo_avatar" || heygenDig(t, a.body, "data", 0, "group_id") != group {
		t.Fatalf("v3 looks %s", a.body)
	}
	a = h.get(t, "/v2/avatar_group.list")
	if heygenDig(t, a.body, "data", "avatar_group_list", 0, "train_status") != "ready" ||
		heygenDig(t, a.body, "data", "avatar_group_list", 0, "num_looks") != float64(len(looks)) {
		t.Fatalf("group list %s", a.body)
	}
	if a = h.get(t, "/v2/photo_avatar/"+looks[2]); heygenDig(t, a.body, "data", "group_id") != group {
		t.Fatalf("details %s", a.body)
	}
}

// photoStatuses reads a status at each step of its timeline and wants the
// words given; it returns the last answer.
func photoStatuses(t *testing.T, h *HeyGen, path string, words ...string) answer {
	t.Helper()
	var a answer
	for _, w := range words {
		a = h.get(t, path)
		heygenMust(t, a, 200)
		if got := heygenDig(t, a.body, "data", "status"); got != w {
			t.Fatalf("%s: status %v, want %s: %s", path, got, w, a.body)
		}
		h.Server().Advance(15 * time.Second)
	}
	return a
}

// photoCreatesTake: each API's create takes the trained looks as the
// talking photo it names.
func photoCreatesTake(t *testing.T, h *HeyGen, uploaded, generated string) {
	t.Helper()
	voice := HeyGenVoices[0].ID
	for _, c := range []struct{ path, body string }{
		{"/v2/video/av4/generate", `{"image_key":"` + uploaded + `","voice_id":"` + voice + `","video_title":"T","dimension":{"width":1080,"height":1920},"scenes":[{"script":"Hi."}]}`},
		{"/v2/video/generate", `{"video_inputs":[{"character":{"type":"talking_photo","talking_photo_id":"` + generated + `"},"voice":{"type":"text","voice_id":"` + voice + `","input_text":"Hi."}}]}`},
		{"/v3/videos", `{"type":"avatar","avatar_id":"` + generated + `","script":"Hi.","voice_id":"` + voice + `"}`},
	} {
		heygenMust(t, h.post(t, c.path, c.body), 200)
	}
	a := h.get(t, "/v2/avatars")
	photos, _ := heygenDig(t, a.body, "data", "talking_photos").([]any)
	if len(photos) != 1+len(h.lookIDs(t, h.photoGroupOf(t, uploaded))) {
		t.Fatalf("talking photos %s", a.body)
	}
}

func (h *HeyGen) photoGroupOf(t *testing.T, look string) string {
	t.Helper()
	a := h.get(t, "/v2/photo_avatar/"+look)
	heygenMust(t, a, 200)
	return heygenDig(t, a.body, "data", "group_id").(string)
}

// Every call a real account would refuse is refused with its reason, in
// the v2 envelope, and charges nothing.
func TestHeyGenPhotoRefusals(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	key, assetID := h.photoUpload(t, 0)
	trained := h.photoTrained(t, 1)
	untrained := h.photoGroup(t, 1)
	training := h.photoGroup(t, 1)
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+training+`"}`), 200)
	before := len(h.PhotoLedger())
	five := strings.Repeat(`"`+key+`",`, 4) + `"` + key + `"`
	look := `,"prompt":"In an office","orientation":"square","pose":"half_body","style":"Realistic"}`
	for _, c := range []struct {
		name, path, body string
		status           int
		says             string
	}{
		{"5 photos in one add", "/v2/photo_avatar/avatar_group/add", `{"group_id":"` + trained + `","name":"A","image_keys":[` + five + `]}`, 400, "at most 4 image keys per request, not 5"},
		{"add without a name", "/v2/photo_avatar/avatar_group/add", `{"group_id":"` + trained + `","image_keys":["` + key + `"]}`, 400, "name is invalid: Field required"},
		{"add to no group", "/v2/photo_avatar/avatar_group/add", `{"group_id":"nope","name":"A","image_keys":["` + key + `"]}`, 404, `"nope" not found`},
		{"create from the upload's id", "/v2/photo_avatar/avatar_group/create", `{"name":"A","image_key":"` + assetID + `"}`, 400, "use the image_key of the upload, not its id"},
		{"create from a photo never uploaded", "/v2/photo_avatar/avatar_group/create", `{"name":"A","image_key":"image/0123/original"}`, 400, "not an image uploaded by this account"},
		{"create without a name", "/v2/photo_avatar/avatar_group/create", `{"image_key":"` + key + `"}`, 400, "name is invalid: Field required"},
		{"train no group", "/v2/photo_avatar/train", `{"group_id":"nope"}`, 404, `"nope" not found`},
		{"train a group in training", "/v2/photo_avatar/train", `{"group_id":"` + training + `"}`, 400, "already being trained"},
		{"look of an untrained group", "/v2/photo_avatar/look/generate", `{"group_id":"` + untrained + `"` + look, 400, "is not trained"},
		{"look of no group", "/v2/photo_avatar/look/generate", `{"group_id":"nope"` + look, 404, `"nope" not found`},
		{"look in an unknown pose", "/v2/photo_avatar/look/generate", `{"group_id":"` + trained + `","prompt":"x","orientation":"square","pose":"lying","style":"Realistic"}`, 400, "pose is invalid: must be one of half_body, close_up, full_body"},
		{"look without a prompt", "/v2/photo_avatar/look/generate", `{"group_id":"` + trained + `","orientation":"square","pose":"half_body","style":"Realistic"}`, 400, "prompt is invalid: Field required"},
		{"train status of no group", "/v2/photo_avatar/train/status/nope", "", 404, `"nope" not found`},
		{"looks of no group", "/v2/avatar_group/nope/avatars", "", 404, "Avatar looks not found."},
		{"no such generation", "/v2/photo_avatar/generation/nope", "", 404, `"nope" not found`},
		{"no such look", "/v2/photo_avatar/nope", "", 404, `"nope" not found`},
		{"seed 003's wrong path", "/v2/photo_avatar/avatar_group/add-looks", `{}`, 404, "No route"},
		{"seed 003's wrong train path", "/v2/photo_avatar/avatar_group/train", `{}`, 404, "No route"},
	} {
		a := h.get(t, c.path)
		if c.body != "" {
			a = h.post(t, c.path, c.body)
		}
		if msg, _ := heygenDig(t, a.body, "error", "message").(string); a.status != c.status || !strings.Contains(msg, c.says) {
			t.Errorf("%s: %d %s, want %d saying %q", c.name, a.status, a.body, c.status, c.says)
		}
	}
	if n := len(h.PhotoLedger()); n != before {
		t.Fatalf("refusals charged: %v", h.PhotoLedger()[before:])
	}
	heygenMust(t, heygenReq{method: "POST", url: h.BaseURL() + "/v2/photo_avatar/train", body: `{"group_id":"` + trained + `"}`}.do(t), 401)
}

// A training that fails says why in error_msg; its looks are no talking
// photos a create may name; training again is charged again and can
// succeed.
func TestHeyGenPhotoTrainingFails(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{StrictCatalog: true})
	group := h.photoGroup(t, 2)
	h.Server().Inject(RoutePhotoTrain, Fault{Kind: LateFailure, Message: "No face detected in photo 2", Times: 1})
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+group+`"}`), 200)
	a := photoStatuses(t, h, "/v2/photo_avatar/train/status/"+group, "pending", "processing", "failed")
	if heygenDig(t, a.body, "data", "error_msg") != "No face detected in photo 2" {
		t.Fatalf("failed status %s", a.body)
	}
	av4 := `{"image_key":"` + group + `","voice_id":"` + HeyGenVoices[0].ID + `","video_title":"T","dimension":{"width":1080,"height":1920},"scenes":[{"script":"Hi."}]}`
	if a = h.post(t, "/v2/video/av4/generate", av4); a.status != 400 || heygenDig(t, a.body, "error", "code") != "avatar_not_found" {
		t.Fatalf("a failed group's look was taken: %d %s", a.status, a.body)
	}
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+group+`"}`), 200)
	photoStatuses(t, h, "/v2/photo_avatar/train/status/"+group, "pending", "processing", "ready")
	heygenMust(t, h.post(t, "/v2/video/av4/generate", av4), 200)
	if n := len(h.PhotoLedger()); n != 3 {
		t.Fatalf("ledger %v, want a create and two trainings", h.PhotoLedger())
	}
}

// A look generation that fails says why in msg and makes no look.
func TestHeyGenPhotoGenerationFails(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	group := h.photoTrained(t, 1)
	h.Server().Inject(RoutePhotoGenerateLook, Fault{Kind: LateFailure, Message: "The prompt was flagged", Times: 1})
	a := h.post(t, "/v2/photo_avatar/look/generate", `{"group_id":"`+group+`","prompt":"x","orientation":"vertical","pose":"close_up","style":"Noir"}`)
	heygenMust(t, a, 200)
	gen, _ := heygenDig(t, a.body, "data", "generation_id").(string)
	a = photoStatuses(t, h, "/v2/photo_avatar/generation/"+gen, "pending", "in_progress", "failed")
	if heygenDig(t, a.body, "data", "msg") != "The prompt was flagged" || len(h.lookIDs(t, group)) != 1 {
		t.Fatalf("failed generation %s, looks %v", a.body, h.lookIDs(t, group))
	}
}

// The training's words are configurable, as sources disagree: seed 003's
// "completed" and a client's "training".
func TestHeyGenPhotoWords(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{Photo: HeyGenPhotoOptions{ReadyWord: "completed", TrainingWord: "training"}})
	group := h.photoGroup(t, 1)
	heygenMust(t, h.post(t, "/v2/photo_avatar/train", `{"group_id":"`+group+`"}`), 200)
	photoStatuses(t, h, "/v2/photo_avatar/train/status/"+group, "pending", "training", "completed")
}

// A look of a group that is not trained is not in a StrictCatalog fake's
// catalog.
func TestHeyGenPhotoUntrainedLookRefused(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{StrictCatalog: true})
	group := h.photoGroup(t, 1)
	a := h.post(t, "/v3/videos", `{"type":"avatar","avatar_id":"`+group+`","script":"Hi.","voice_id":"`+HeyGenVoices[0].ID+`"}`)
	if a.status != 400 || heygenDig(t, a.body, "error", "code") != "avatar_not_found" {
		t.Fatalf("%d %s", a.status, a.body)
	}
}

// memPhotos is a HeyGenPhotoStore in memory, shared by fakes as the
// sandbox's file would be.
type memPhotos struct {
	mu     sync.Mutex
	groups map[string]HeyGenPhotoRecord
}

func (m *memPhotos) SavePhotoGroup(r HeyGenPhotoRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.groups[r.ID] = r
	return nil
}

func (m *memPhotos) LoadPhotoGroups() []HeyGenPhotoRecord {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []HeyGenPhotoRecord
	for _, r := range m.groups {
		out = append(out, r.clone())
	}
	return out
}

// A fake with a photo store serves the groups an earlier fake made: the
// training it started goes on, the look it generated gets the same ids,
// and a create in the later fake takes the looks.
func TestHeyGenPhotoStoreOutlivesTheFake(t *testing.T) {
	store := &memPhotos{groups: map[string]HeyGenPhotoRecord{}}
	clock := NewManualClock(Epoch)
	opts := HeyGenOptions{Options: Options{Clock: clock, RandomIDs: true}, ContentAssetIDs: true, StrictCatalog: true,
		Photo: HeyGenPhotoOptions{Store: store}}
	first := heygenStart(t, opts)
	group := first.photoTrained(t, 2)
	a := first.post(t, "/v2/photo_avatar/look/generate", `{"group_id":"`+group+`","prompt":"x","orientation":"square","pose":"half_body","style":"Realistic"}`)
	gen, _ := heygenDig(t, a.body, "data", "generation_id").(string)
	first.Close()

	later := heygenStart(t, opts)
	photoStatuses(t, later, "/v2/photo_avatar/train/status/"+group, "ready")
	clock.Advance(time.Minute)
	heygenMust(t, later.get(t, "/v2/photo_avatar/generation/"+gen), 200)
	looks := later.lookIDs(t, group)
	if len(looks) != 2+photoImagesPerLook {
		t.Fatalf("looks %v", looks)
	}
	again := heygenStart(t, opts)
	if got := again.lookIDs(t, group); fmt.Sprint(got) != fmt.Sprint(looks) {
		t.Fatalf("another fake sees looks %v, want %v", got, looks)
	}
	photoCreatesTake(t, again, looks[0], looks[len(looks)-1])
	if len(later.PhotoLedger())+len(again.PhotoLedger()) != 0 {
		t.Fatal("reading a stored group charged")
	}
}
