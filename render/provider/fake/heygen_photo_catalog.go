package fake

import (
	"net/http"
	"strconv"
)

// trainedLook reports whether id is a look of a trained group: a talking
// photo that Avatar IV (image_key), v2 (talking_photo_id) and v3
// (avatar_id, "video avatar or photo avatar look ID") take. A look of a
// group not trained is not in the account's catalog, and a StrictCatalog
// fake refuses it as it refuses any unknown avatar.
func (h *HeyGen) trainedLook(id string) bool {
	for _, a := range h.photoCatalog() {
		if a.ID == id {
			return true
		}
	}
	return false
}

// photoCatalog is the looks of the trained groups, as the avatar lists
// (GET /v2/avatars' talking_photos, GET /v3/avatars/looks) show them.
func (h *HeyGen) photoCatalog() []HeyGenAvatar {
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []HeyGenAvatar
	p.each(func(g *HeyGenPhotoRecord) {
		if !h.trained(g) {
			return
		}
		h.settle(g)
		for _, l := range g.Looks {
			out = append(out, HeyGenAvatar{ID: l.ID, Name: l.Name, Type: "photo_avatar", Group: g.ID})
		}
	})
	return out
}

// catalog is every avatar the account can use: HeyGenAvatars, then the
// looks of its trained photo avatar groups.
func (h *HeyGen) catalog() []HeyGenAvatar {
	return append(append([]HeyGenAvatar(nil), HeyGenAvatars...), h.photoCatalog()...)
}

// serveImage serves an image by its key's path: an uploaded photo, or an
// image a look generation made (the group's first photo stands in for
// it).
func (h *HeyGen) serveImage(w http.ResponseWriter, r *http.Request) {
	key := "image/" + r.PathValue("hash") + "/original"
	data, typ, ok := h.imageFile(key)
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (h *HeyGen) imageFile(key string) ([]byte, string, bool) {
	if a, ok := h.uploadedImage(key); ok {
		return a.data, a.mime, true
	}
	p := h.photos
	p.mu.Lock()
	first := ""
	p.each(func(g *HeyGenPhotoRecord) {
		for _, l := range g.Looks {
			if l.ImageKey == key && first == "" {
				first = g.Photos[0]
			}
		}
	})
	p.mu.Unlock()
	if a, ok := h.uploadedImage(first); ok {
		return a.data, a.mime, true
	}
	return nil, "", false
}

func (h *HeyGen) uploadedImage(key string) (heygenAsset, bool) {
	h.mu.Lock()
	id, ok := h.imageKeys[key]
	h.mu.Unlock()
	if !ok {
		return heygenAsset{}, false
	}
	return h.asset(id)
}
