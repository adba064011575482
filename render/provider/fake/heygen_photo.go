package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
)

// The routes of HeyGen's photo avatar endpoints (seed 003), for Inject and
// Requests. Photos are uploaded on the upload host's RouteUpload.
const (
	RoutePhotoCreateGroup  = "photo create group"  // POST /v2/photo_avatar/avatar_group/create (paid)
	RoutePhotoAdd          = "photo add"           // POST /v2/photo_avatar/avatar_group/add
	RoutePhotoTrain        = "photo train"         // POST /v2/photo_avatar/train (paid)
	RoutePhotoTrainStatus  = "photo train status"  // GET /v2/photo_avatar/train/status/{group_id}
	RoutePhotoGenerateLook = "photo generate look" // POST /v2/photo_avatar/look/generate (paid)
	RoutePhotoGeneration   = "photo generation"    // GET /v2/photo_avatar/generation/{generation_id}
	RoutePhotoLooks        = "photo looks"         // GET /v2/avatar_group/{group_id}/avatars
	RoutePhotoGroups       = "photo groups"        // GET /v2/avatar_group.list
	RoutePhotoDetails      = "photo details"       // GET /v2/photo_avatar/{id}
)

// HeyGenPhotoOptions shape a HeyGen fake's photo avatars.
type HeyGenPhotoOptions struct {
	// Training and Generation are how long a group's training and a look
	// generation spend pending and running, on the fake's clock; zero is
	// the fake's Timeline.
	Training, Generation Timeline
	// ReadyWord is the training status of a trained group: "" is "ready",
	// as HeyGen's reference (get-training-job-status) and public clients
	// say; seed 003 says "completed".
	ReadyWord string
	// TrainingWord is the training status while it runs: "" is
	// "processing", as seed 003 says; a public client reads "training".
	TrainingWord string
	// Store, when set, keeps the groups beyond this fake's life, as the
	// sandbox keeps its videos (see HeyGenPhotoStore).
	Store HeyGenPhotoStore
}

// PhotoCharge is one paid photo avatar call the fake took: a group
// created, a training started or a look generation started. HeyGen
// includes these in plans rather than billing credits (seed 003), but
// each is work that must never be asked for twice.
type PhotoCharge struct {
	Kind  string // PhotoCreateGroup, PhotoTrain or PhotoGenerateLook
	Group string // the group's id
	ID    string // the group's id, or the look generation's
}

// The kinds of PhotoCharge.
const (
	PhotoCreateGroup  = "create_group"
	PhotoTrain        = "train"
	PhotoGenerateLook = "generate_look"
)

// heygenPhotos is a HeyGen fake's photo avatar account: its groups (with
// their looks, trainings and look generations, as HeyGenPhotoRecord holds
// them) and the ledger of paid calls.
type heygenPhotos struct {
	opts HeyGenPhotoOptions

	mu     sync.Mutex
	groups map[string]*HeyGenPhotoRecord
	order  []string // group ids, oldest first
	ledger []PhotoCharge
	seq    int
}

func newHeyGenPhotos(o HeyGenPhotoOptions, t Timeline) *heygenPhotos {
	if o.Training == (Timeline{}) {
		o.Training = t
	}
	if o.Generation == (Timeline{}) {
		o.Generation = t
	}
	if o.ReadyWord == "" {
		o.ReadyWord = "ready"
	}
	if o.TrainingWord == "" {
		o.TrainingWord = "processing"
	}
	return &heygenPhotos{opts: o, groups: map[string]*HeyGenPhotoRecord{}}
}

// photoRoutes registers the photo avatar endpoints of seed 003.
func (h *HeyGen) photoRoutes() {
	s := h.srv
	s.Handle(RoutePhotoCreateGroup, "POST /v2/photo_avatar/avatar_group/create", h.photoCreateGroup)
	s.Handle(RoutePhotoAdd, "POST /v2/photo_avatar/avatar_group/add", h.photoAdd)
	s.Handle(RoutePhotoTrain, "POST /v2/photo_avatar/train", h.photoTrain)
	s.Handle(RoutePhotoTrainStatus, "GET /v2/photo_avatar/train/status/{group_id}", h.photoTrainStatus)
	s.Handle(RoutePhotoGenerateLook, "POST /v2/photo_avatar/look/generate", h.photoGenerateLook)
	s.Handle(RoutePhotoGeneration, "GET /v2/photo_avatar/generation/{generation_id}", h.photoGeneration)
	s.Handle(RoutePhotoLooks, "GET /v2/avatar_group/{group_id}/avatars", h.photoGroupLooks)
	s.Handle(RoutePhotoGroups, "GET /v2/avatar_group.list", h.photoGroupList)
	s.Handle(RoutePhotoDetails, "GET /v2/photo_avatar/{id}", h.photoDetails)
}

// PhotoLedger returns the paid photo avatar calls the fake took, oldest
// first: a test counts "trained once" on it.
func (h *HeyGen) PhotoLedger() []PhotoCharge {
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]PhotoCharge(nil), p.ledger...)
}

// PhotoGroup returns a group as the fake (or its store) holds it.
func (h *HeyGen) PhotoGroup(id string) (HeyGenPhotoRecord, bool) {
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refresh()
	g, ok := p.groups[id]
	if !ok {
		return HeyGenPhotoRecord{}, false
	}
	return g.clone(), true
}

// charge records a paid call; p.mu is held.
func (p *heygenPhotos) charge(kind, group, id string) {
	p.ledger = append(p.ledger, PhotoCharge{Kind: kind, Group: group, ID: id})
}

// newID is a 32-hex id as HeyGen's group, look and generation ids are: a
// per-fake sequence, or random when ids must be unique across processes;
// p.mu is held.
func (p *heygenPhotos) newID(kind string, random bool) string {
	p.seq++
	sum := sha256.Sum256([]byte("photo\x00" + kind + "\x00" + strconv.Itoa(p.seq)))
	if random {
		rand.Read(sum[:16])
	}
	return hex.EncodeToString(sum[:16])
}

// derivedID is an id that only depends on its parts, so that two fakes
// sharing a store settle a look generation the same way.
func derivedID(parts ...string) string {
	d := sha256.New()
	for _, p := range parts {
		d.Write([]byte(p + "\x00"))
	}
	return hex.EncodeToString(d.Sum(nil)[:16])
}

// group returns a group by id, from memory or the store; p.mu is held.
func (p *heygenPhotos) group(id string) (*HeyGenPhotoRecord, bool) {
	p.refresh()
	g, ok := p.groups[id]
	return g, ok
}

// add remembers a new group; p.mu is held.
func (p *heygenPhotos) add(g *HeyGenPhotoRecord) {
	p.groups[g.ID] = g
	p.order = append(p.order, g.ID)
}

// each calls f with every group, oldest first; p.mu is held.
func (p *heygenPhotos) each(f func(*HeyGenPhotoRecord)) {
	p.refresh()
	for _, id := range p.order {
		f(p.groups[id])
	}
}
