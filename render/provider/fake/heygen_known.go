package fake

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The refusal of a create that names an avatar, talking photo or voice the
// account does not have. HeyGen answers v2's POST /v2/video/generate with
// HTTP 400 {"error":{"code":"avatar_not_found","message":"Avatar <id> not
// found or no longer available."}} (docs.heygen.com/discuss
// 681d1e069bbece001072c3ba and 67d901199cbf330066ba6e0e). The voice's
// code and message, and v3's and Avatar IV's use of the same words, are
// inferred: no source shows them.
const (
	heygenAvatarNotFound = "avatar_not_found"
	heygenVoiceNotFound  = "voice_not_found"
)

// heygenUnknown is an id a create names that the catalog lacks: where it
// is (a v3 param such as "scenes.1.input.voice_id") and how HeyGen words it.
type heygenUnknown struct{ param, code, message string }

// unknownID finds the first avatar_id, talking_photo_id, Avatar IV
// image_key naming a talking photo, or voice_id in a create body that the
// account lacks (HeyGenAvatars and the looks of its trained photo avatar
// groups; HeyGenVoices), walking the body in a fixed order; ok is false
// when every id is known or the fake is not StrictCatalog.
func (h *HeyGen) unknownID(body map[string]any) (heygenUnknown, bool) {
	if !h.opts.StrictCatalog {
		return heygenUnknown{}, false
	}
	return heygenFindUnknown("", body, h.knownAvatar)
}

// knownAvatar reports whether id is an avatar or look the account can use.
func (h *HeyGen) knownAvatar(id string) bool {
	return slices.ContainsFunc(HeyGenAvatars, func(a HeyGenAvatar) bool { return a.ID == id }) || h.trainedLook(id)
}

func heygenFindUnknown(path string, v any, known func(string) bool) (heygenUnknown, bool) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if u, ok := heygenCheckID(heygenJoin(path, k), k, x[k], known); ok {
				return u, true
			}
			if u, ok := heygenFindUnknown(heygenJoin(path, k), x[k], known); ok {
				return u, true
			}
		}
	case []any:
		for i, e := range x {
			if u, ok := heygenFindUnknown(heygenJoin(path, strconv.Itoa(i)), e, known); ok {
				return u, true
			}
		}
	}
	return heygenUnknown{}, false
}

// heygenCheckID checks one member that names a catalog id. An Avatar IV
// image_key names a talking photo unless it is an uploaded image's key
// (image/<hash>/original) or a local "sha256:" ref, which checkAssets
// judges.
func heygenCheckID(param, key string, v any, known func(string) bool) (heygenUnknown, bool) {
	id, isString := v.(string)
	if !isString {
		return heygenUnknown{}, false
	}
	if key == "image_key" && (heygenImageKey.MatchString(id) || strings.HasPrefix(id, "sha256:")) {
		return heygenUnknown{}, false
	}
	switch key {
	case "avatar_id", "talking_photo_id", "image_key":
		if !known(id) {
			return heygenUnknown{param, heygenAvatarNotFound, "Avatar " + id + " not found or no longer available."}, true
		}
	case "voice_id":
		if !slices.ContainsFunc(HeyGenVoices, func(x HeyGenVoice) bool { return x.ID == id }) {
			return heygenUnknown{param, heygenVoiceNotFound, "Voice " + id + " not found or no longer available."}, true
		}
	}
	return heygenUnknown{}, false
}

// refuseUnknownV2 answers a v2 or Avatar IV create naming an unknown id,
// and reports whether it did.
func (h *HeyGen) refuseUnknownV2(w http.ResponseWriter, body map[string]any) bool {
	u, ok := h.unknownID(body)
	if ok {
		heygenWriteV2Error(w, http.StatusBadRequest, u.code, u.message)
	}
	return ok
}
