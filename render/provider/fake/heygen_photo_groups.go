package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxPhotosPerAdd is how many image_keys one add takes (seed 003).
const maxPhotosPerAdd = 4

// photoBody reads a photo avatar call's JSON object, or answers 400.
func photoBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	raw, _ := io.ReadAll(r.Body)
	var in map[string]any
	if json.Unmarshal(raw, &in) != nil || in == nil {
		heygenWriteV2Error(w, http.StatusBadRequest, "invalid_parameter", "body must be a JSON object")
		return nil, false
	}
	return in, true
}

// photoRefused answers 400 with every problem c found, and reports whether
// there was one.
func photoRefused(w http.ResponseWriter, c *heygenCheck) bool {
	if len(c.problems) == 0 {
		return false
	}
	heygenWriteV2Error(w, http.StatusBadRequest, "invalid_parameter", c.message())
	return true
}

// photoNoGroup answers 404 for a group the account does not have.
func photoNoGroup(w http.ResponseWriter, id string) {
	heygenWriteV2Error(w, http.StatusNotFound, "not_found", "Avatar group "+strconv.Quote(id)+" not found")
}

// checkPhoto: an image key must be one the upload host gave this account
// for an image. The upload's id is not one (seed 003: "use image_key, NOT
// id").
func (h *HeyGen) checkPhoto(c *heygenCheck, path, key string) {
	if !heygenImageKey.MatchString(key) {
		c.failf(path, "%q is not an image_key (image/<id>/original): use the image_key of the upload, not its id", key)
		return
	}
	h.mu.Lock()
	_, ok := h.imageKeys[key]
	h.mu.Unlock()
	if !ok {
		c.failf(path, "%q is not an image uploaded by this account", key)
	}
}

// photoCreateGroup is POST /v2/photo_avatar/avatar_group/create: a name
// and an uploaded image's image_key (and, for an AI photo, its
// generation_id). The answer is the group's first photo avatar, whose id
// is the group's, as HeyGen's example shows (id == group_id).
func (h *HeyGen) photoCreateGroup(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	in, ok := photoBody(w, r)
	if !ok {
		return
	}
	c := &heygenCheck{}
	c.known("", in, "name", "image_key", "generation_id")
	name := c.str("", in, "name", true)
	key := c.str("", in, "image_key", true)
	c.str("", in, "generation_id", false)
	if key != "" {
		h.checkPhoto(c, "image_key", key)
	}
	if photoRefused(w, c) {
		return
	}
	now := h.srv.clock.Now()
	p := h.photos
	p.mu.Lock()
	id := p.newID("group", h.srv.opts.RandomIDs)
	g := &HeyGenPhotoRecord{ID: id, Name: name, Created: now, Photos: []string{key},
		Looks: []HeyGenLookRecord{{ID: id, Name: name, ImageKey: key, Created: now}}}
	p.add(g)
	p.charge(PhotoCreateGroup, id, id)
	p.save(g)
	answer := h.photoAvatar(g, g.Looks[0], "pending")
	p.mu.Unlock()
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": answer})
}

// photoAdd is POST /v2/photo_avatar/avatar_group/add: a group_id, one to
// four image_keys and a name, all required (seed 003). Each photo becomes
// a look of the group, named name.
func (h *HeyGen) photoAdd(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	in, ok := photoBody(w, r)
	if !ok {
		return
	}
	c := &heygenCheck{}
	c.known("", in, "group_id", "image_keys", "name", "generation_id")
	groupID := c.str("", in, "group_id", true)
	name := c.str("", in, "name", true)
	c.str("", in, "generation_id", false)
	keys := h.photoKeys(c, in)
	if photoRefused(w, c) {
		return
	}
	now := h.srv.clock.Now()
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.group(groupID)
	if !ok {
		photoNoGroup(w, groupID)
		return
	}
	list := make([]map[string]any, 0, len(keys))
	for _, key := range keys {
		look := HeyGenLookRecord{ID: p.newID("look", h.srv.opts.RandomIDs), Name: name, ImageKey: key, Created: now}
		g.Photos = append(g.Photos, key)
		g.Looks = append(g.Looks, look)
		list = append(list, h.photoAvatar(g, look, "pending"))
	}
	p.save(g)
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"photo_avatar_list": list}})
}

// photoKeys reads image_keys: an array of one to maxPhotosPerAdd uploaded
// images' keys.
func (h *HeyGen) photoKeys(c *heygenCheck, in map[string]any) []string {
	raw, ok := in["image_keys"].([]any)
	switch {
	case in["image_keys"] == nil:
		c.failf("image_keys", "Field required")
		return nil
	case !ok:
		c.failf("image_keys", "must be an array of image keys")
		return nil
	case len(raw) == 0:
		c.failf("image_keys", "must hold at least one image key")
	case len(raw) > maxPhotosPerAdd:
		c.failf("image_keys", "at most %d image keys per request, not %d; add the others in another request", maxPhotosPerAdd, len(raw))
	}
	keys := make([]string, 0, len(raw))
	for i, v := range raw {
		path := "image_keys." + strconv.Itoa(i)
		key, ok := v.(string)
		if !ok {
			c.failf(path, "must be a string")
			continue
		}
		h.checkPhoto(c, path, key)
		keys = append(keys, key)
	}
	return keys
}

// photoGroupLooks is GET /v2/avatar_group/{group_id}/avatars: the group's
// looks, oldest first. An unknown group gets the answer a user reported
// (docs.heygen.com/discuss/675c9e236b6606001e1bf131), under 404.
func (h *HeyGen) photoGroupLooks(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.group(r.PathValue("group_id"))
	if !ok {
		heygenWriteV2Error(w, http.StatusNotFound, "internal_error", "Avatar looks not found.")
		return
	}
	h.settle(g)
	list := make([]map[string]any, 0, len(g.Looks))
	for _, l := range g.Looks {
		list = append(list, h.photoAvatar(g, l, "completed"))
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"avatar_list": list}})
}

// photoGroupList is GET /v2/avatar_group.list: the account's own groups
// with their training status ("empty" before any training, as public
// clients read it).
func (h *HeyGen) photoGroupList(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	list := []map[string]any{}
	p.each(func(g *HeyGenPhotoRecord) {
		h.settle(g)
		word, _ := h.trainWord(g)
		list = append(list, map[string]any{"id": g.ID, "name": g.Name, "created_at": g.Created.Unix(),
			"num_looks": len(g.Looks), "preview_image": h.imageURL(g.Photos[0]), "group_type": "PRIVATE",
			"train_status": word, "default_voice_id": nil})
	})
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"total_count": len(list), "avatar_group_list": list}})
}

// photoDetails is GET /v2/photo_avatar/{id}: one look.
func (h *HeyGen) photoDetails(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	id := r.PathValue("id")
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	var answer map[string]any
	p.each(func(g *HeyGenPhotoRecord) {
		h.settle(g)
		for _, l := range g.Looks {
			if l.ID == id && answer == nil {
				answer = h.photoAvatar(g, l, "completed")
			}
		}
	})
	if answer == nil {
		heygenWriteV2Error(w, http.StatusNotFound, "not_found", "Photo avatar "+strconv.Quote(id)+" not found")
		return
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": answer})
}

// photoAvatar is a look as the photo avatar calls answer it (HeyGen's
// create example; its other calls' shape in public clients).
func (h *HeyGen) photoAvatar(g *HeyGenPhotoRecord, l HeyGenLookRecord, status string) map[string]any {
	kind := "user_upload"
	if l.Generation != "" {
		kind = "generated"
	}
	return map[string]any{"id": l.ID, "group_id": g.ID, "name": l.Name, "status": status,
		"image_url": h.imageURL(l.ImageKey), "created_at": unixSeconds(l.Created), "is_motion": false,
		"motion_preview_url": nil, "business_type": kind, "upscaled": false, "background_sound_effect": nil,
		"upscale_availability": map[string]any{"available": false, "reason": "Upscale is not available for this avatar"}}
}

// imageURL is where an image key's file is served: its key is the URL's
// path, as in HeyGen's example (files2.heygen.ai/image/<id>/original).
func (h *HeyGen) imageURL(key string) string {
	return h.files.URL + "/" + strings.TrimPrefix(key, "/")
}

// unixSeconds is t as HeyGen's photo calls send times: seconds with a
// fraction.
func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
