package fake

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is a HeyGenStore in memory, shared by fakes as a file would be.
type memStore struct {
	mu     sync.Mutex
	videos map[string]HeyGenRecord
}

func (m *memStore) SaveVideo(r HeyGenRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.videos[r.ID] = r
	return nil
}

func (m *memStore) LoadVideo(id string) (HeyGenRecord, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.videos[id]
	return r, ok
}

func (m *memStore) LoadKey(key string) (HeyGenRecord, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.videos {
		if r.Key == key {
			return r, true
		}
	}
	return HeyGenRecord{}, false
}

// A fake with a store serves the videos an earlier fake saved there: on
// their timeline, replaying their Idempotency-Keys without a charge; with
// RandomIDs no two fakes hand out the same id; with ContentAssetIDs the
// same file gets the same asset id.
func TestHeyGenStoreOutlivesTheFake(t *testing.T) {
	t.Parallel()
	store := &memStore{videos: map[string]HeyGenRecord{}}
	clock := NewManualClock(Epoch)
	opts := HeyGenOptions{Options: Options{Clock: clock, RandomIDs: true}, Store: store, ContentAssetIDs: true}
	body := `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi there.","aspect_ratio":"9:16","caption":{"style":"default"}}`
	create := func(h *HeyGen, body string) answer {
		return heygenReq{method: "POST", url: h.BaseURL() + "/v3/videos", key: h.Key(), body: body,
			header: map[string]string{"Idempotency-Key": "idem-1"}}.do(t)
	}
	upload := func(h *HeyGen) string {
		a := heygenReq{method: "POST", url: h.UploadURL() + "/v1/asset", key: h.Key(), ctype: "image/png", body: "\x89PNG fake"}.do(t)
		var out struct{ Data struct{ ID string } }
		json.Unmarshal(a.body, &out)
		return out.Data.ID
	}

	a := heygenStart(t, opts)
	first := create(a, body)
	var got struct {
		Data struct {
			VideoID string `json:"video_id"`
		}
	}
	if json.Unmarshal(first.body, &got); first.status != 200 || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(got.Data.VideoID) {
		t.Fatalf("create: %d %s", first.status, first.body)
	}
	id, asset := got.Data.VideoID, upload(a)
	a.Close()

	b := heygenStart(t, opts)
	if ans := b.get(t, "/v3/videos/"+id); ans.status != 200 || !jsonHas(ans.body, `"status":"pending"`) {
		t.Fatalf("queued video after a restart: %d %s", ans.status, ans.body)
	}
	clock.Advance(DefaultTimeline.Queued + DefaultTimeline.Processing)
	if ans := b.get(t, "/v3/videos/"+id); !jsonHas(ans.body, `"status":"completed"`) || !jsonHas(ans.body, `"subtitle_url":"http`) {
		t.Fatalf("finished video after a restart: %s", ans.body)
	}
	if again := create(b, body); again.status != 200 || string(again.body) != string(first.body) || len(b.Server().Ledger()) != 0 {
		t.Fatalf("replay after a restart: %d %s, ledger %v", again.status, again.body, b.Server().Ledger())
	}
	if other := create(b, `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Bye."}`); other.status != 409 {
		t.Fatalf("same key, other body: %d %s", other.status, other.body)
	}
	if again := upload(b); again != asset || asset == "" {
		t.Fatalf("asset ids %q then %q for the same file", asset, again)
	}
	clock.Advance(25 * time.Hour) // past the key's window: a new video
	fresh := create(b, body)
	if json.Unmarshal(fresh.body, &got); got.Data.VideoID == id || len(b.Server().Ledger()) != 1 {
		t.Fatalf("create past the window: %s", fresh.body)
	}
}

func jsonHas(b []byte, s string) bool { return strings.Contains(string(b), s) }
