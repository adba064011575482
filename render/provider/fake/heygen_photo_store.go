package fake

import (
	"slices"
	"time"
)

// HeyGenPhotoStore keeps a HeyGen fake's photo avatar groups beyond the
// fake's life, as an account keeps them between the runs of its clients:
// the sandbox keeps them in a file, so a later process reports the
// training an earlier one started, and serves the looks it made.
//
// The store is the truth when there is one: the fake reads the groups
// back before each photo avatar call and saves a group whenever it
// changes (created, photos added, a training or a look generation
// started, a generation's looks made). The ledger and the uploaded
// photos stay with the fake that has them. The fake does not fail a
// request over a store error: SavePhotoGroup's error is the store's to
// report.
type HeyGenPhotoStore interface {
	SavePhotoGroup(HeyGenPhotoRecord) error
	// LoadPhotoGroups returns every group the store keeps.
	LoadPhotoGroups() []HeyGenPhotoRecord
}

// HeyGenPhotoRecord is one photo avatar group: enough to answer every
// photo avatar call about it, and to accept its looks in creates.
type HeyGenPhotoRecord struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// Photos are the image keys the group took, in order.
	Photos []string `json:"photos"`
	// Looks are the group's looks (photo avatars), oldest first: one per
	// photo, and those its look generations made.
	Looks       []HeyGenLookRecord       `json:"looks"`
	Trainings   []HeyGenTrainingRecord   `json:"trainings,omitempty"`
	Generations []HeyGenGenerationRecord `json:"generations,omitempty"`
}

// HeyGenLookRecord is one look of a group.
type HeyGenLookRecord struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	ImageKey string    `json:"image_key"`
	Created  time.Time `json:"created"`
	// Generation is the look generation that made it, if one did.
	Generation string `json:"generation_id,omitempty"`
}

// HeyGenTrainingRecord is one training of a group, and its fate.
type HeyGenTrainingRecord struct {
	Started     time.Time `json:"started"`
	FailCode    string    `json:"fail_code,omitempty"`
	FailMessage string    `json:"fail_message,omitempty"`
	Stuck       bool      `json:"stuck,omitempty"`
}

// HeyGenGenerationRecord is one look generation, and its fate. Images is
// set once it has succeeded and its looks were made.
type HeyGenGenerationRecord struct {
	ID          string    `json:"id"`
	Created     time.Time `json:"created"`
	Prompt      string    `json:"prompt"`
	Orientation string    `json:"orientation"`
	Pose        string    `json:"pose"`
	Style       string    `json:"style"`
	FailMessage string    `json:"fail_message,omitempty"`
	Stuck       bool      `json:"stuck,omitempty"`
	Images      []string  `json:"images,omitempty"`
}

// clone is a deep copy, so a record handed out or saved is not changed
// under its holder.
func (g *HeyGenPhotoRecord) clone() HeyGenPhotoRecord {
	c := *g
	c.Photos = slices.Clone(g.Photos)
	c.Looks = slices.Clone(g.Looks)
	c.Trainings = slices.Clone(g.Trainings)
	c.Generations = slices.Clone(g.Generations)
	for i := range c.Generations {
		c.Generations[i].Images = slices.Clone(g.Generations[i].Images)
	}
	return c
}

// refresh replaces the groups in memory by the store's; p.mu is held.
func (p *heygenPhotos) refresh() {
	if p.opts.Store == nil {
		return
	}
	for _, rec := range p.opts.Store.LoadPhotoGroups() {
		rec := rec.clone()
		if _, known := p.groups[rec.ID]; !known {
			p.order = append(p.order, rec.ID)
		}
		p.groups[rec.ID] = &rec
	}
}

// save hands a group to the store, if there is one; p.mu is held.
func (p *heygenPhotos) save(g *HeyGenPhotoRecord) {
	if p.opts.Store != nil {
		_ = p.opts.Store.SavePhotoGroup(g.clone())
	}
}
