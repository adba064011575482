package fake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The values POST /v2/photo_avatar/look/generate takes (the seed's example;
// the enums of a public TypeScript client of HeyGen's API).
var (
	photoOrientations = []string{"square", "horizontal", "vertical"}
	photoPoses        = []string{"half_body", "close_up", "full_body"}
	photoStyles       = []string{"Realistic", "Pixar", "Cinematic", "Vintage", "Noir", "Cyberpunk", "Unspecified"}
)

// photoImagesPerLook is how many images a successful look generation
// makes, each a new look of its group. HeyGen answers a list
// (image_key_list); how long it is, is not documented.
const photoImagesPerLook = 2

// photoGenerateLook is POST /v2/photo_avatar/look/generate: group_id,
// prompt, orientation, pose and style, all required, for a trained group
// (HeyGen's guide makes new looks "within the trained Avatar Group"). The
// generation runs on the Generation timeline; LateFailure, Stuck and
// Cancelled faults shape its fate as for a training.
func (h *HeyGen) photoGenerateLook(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	in, ok := photoBody(w, r)
	if !ok {
		return
	}
	c := &heygenCheck{}
	c.known("", in, "group_id", "prompt", "orientation", "pose", "style")
	groupID := c.str("", in, "group_id", true)
	gen := HeyGenGenerationRecord{Prompt: c.str("", in, "prompt", true), Created: h.srv.clock.Now()}
	gen.Orientation = photoEnum(c, in, "orientation", photoOrientations)
	gen.Pose = photoEnum(c, in, "pose", photoPoses)
	gen.Style = photoEnum(c, in, "style", photoStyles)
	if photoRefused(w, c) {
		return
	}
	if f, ok := fateFrom(r.Context()); ok {
		switch f.Kind {
		case LateFailure:
			gen.FailMessage = heygenOr(f.Message, "look generation failed")
		case Stuck:
			gen.Stuck = true
		case Cancelled:
			gen.FailMessage = "The look generation was cancelled"
		}
	}
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.group(groupID)
	switch {
	case !ok:
		photoNoGroup(w, groupID)
		return
	case !h.trained(g):
		heygenWriteV2Error(w, http.StatusBadRequest, "avatar_group_not_trained",
			"Avatar group "+g.ID+" is not trained: train it, and wait for its training status "+strconv.Quote(p.opts.ReadyWord)+", before generating looks")
		return
	}
	gen.ID = p.newID("generation", h.srv.opts.RandomIDs)
	g.Generations = append(g.Generations, gen)
	p.charge(PhotoGenerateLook, g.ID, gen.ID)
	p.save(g)
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"generation_id": gen.ID}})
}

// photoEnum reads a required member that takes one of vals.
func photoEnum(c *heygenCheck, in map[string]any, key string, vals []string) string {
	s := c.str("", in, key, true)
	if s != "" && !slices.Contains(vals, s) {
		c.failf(key, "must be one of %s, not %q", strings.Join(vals, ", "), s)
	}
	return s
}

// photoGeneration is GET /v2/photo_avatar/generation/{generation_id}: id,
// status (pending, in_progress, success or failed), msg, and once it
// succeeded the image_url_list and image_key_list of its images.
func (h *HeyGen) photoGeneration(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	id := r.PathValue("generation_id")
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	var d map[string]any
	p.each(func(g *HeyGenPhotoRecord) {
		h.settle(g)
		for _, gen := range g.Generations {
			if gen.ID == id {
				d = h.generationAnswer(gen)
			}
		}
	})
	if d == nil {
		heygenWriteV2Error(w, http.StatusNotFound, "not_found", "Generation "+strconv.Quote(id)+" not found")
		return
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": d})
}

func (h *HeyGen) generationAnswer(gen HeyGenGenerationRecord) map[string]any {
	urls, keys := []string{}, []string{}
	d := map[string]any{"id": gen.ID, "msg": nil}
	switch h.generationPhase(gen) {
	case PhaseQueued:
		d["status"] = "pending"
	case PhaseProcessing:
		d["status"] = "in_progress"
	case PhaseCompleted:
		d["status"] = "success"
		for _, k := range gen.Images {
			urls, keys = append(urls, h.imageURL(k)), append(keys, k)
		}
	default:
		d["status"], d["msg"] = "failed", gen.FailMessage
	}
	d["image_url_list"], d["image_key_list"] = urls, keys
	return d
}

func (h *HeyGen) generationPhase(gen HeyGenGenerationRecord) Phase {
	return photoPhase(gen.Created, h.srv.clock.Now(), h.photos.opts.Generation, gen.Stuck, gen.FailMessage != "")
}

// settle makes the images and looks of every look generation of g that
// has succeeded and has none yet, and saves g if it did; p.mu is held.
// Their ids derive from the generation's, so fakes sharing a store make
// the same ones.
func (h *HeyGen) settle(g *HeyGenPhotoRecord) {
	changed := false
	for i := range g.Generations {
		gen := &g.Generations[i]
		if len(gen.Images) > 0 || h.generationPhase(*gen) != PhaseCompleted {
			continue
		}
		done := gen.Created.Add(h.photos.opts.Generation.Queued + h.photos.opts.Generation.Processing)
		for n := range photoImagesPerLook {
			key := "image/" + derivedID("image", gen.ID, strconv.Itoa(n)) + "/original"
			gen.Images = append(gen.Images, key)
			g.Looks = append(g.Looks, HeyGenLookRecord{ID: derivedID("look", gen.ID, strconv.Itoa(n)), Name: g.Name,
				ImageKey: key, Created: done, Generation: gen.ID})
		}
		changed = true
	}
	if changed {
		h.photos.save(g)
	}
}
