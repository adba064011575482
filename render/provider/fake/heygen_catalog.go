package fake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// HeyGenVoice and HeyGenAvatar are the account's catalog in a HeyGen fake,
// listed by /v3/voices, /v3/avatars(/looks), /v2/voices and /v2/avatars.
type HeyGenVoice struct{ ID, Name, Language, Gender string }

type HeyGenAvatar struct {
	ID, Name, Gender string
	Type             string // studio_avatar, digital_twin or photo_avatar (a talking photo in v2)
	Group            string
}

// HeyGenVoices and HeyGenAvatars are what every HeyGen fake's account has.
// The ids are the ones HeyGen's own examples (seeds 003, 004) use.
var (
	HeyGenVoices = []HeyGenVoice{
		{"1bd001e7e50f421d891986aad5158bc8", "Ivy - Friendly", "English", "Female"},
		{"2d5b0e6cf36f460aa7fc47e3eee4ba54", "Lucía - Warm", "Spanish", "Female"},
		{"76955c80188a4c149df169b5dc9e1a3a", "Emma - Newscaster", "English", "Female"},
		{"f38a635bee7a4d1f9b0a654a31d050d2", "Brian - Calm", "English", "Male"},
	}
	HeyGenAvatars = []HeyGenAvatar{
		{"Angela-inTshirt-20220820", "Angela in T-shirt", "female", "studio_avatar", "Angela"},
		{"Angela-inblackskirt-20220820", "Angela in Black Dress", "female", "studio_avatar", "Angela"},
		{"Daisy-inskirt-20220818", "Daisy in Skirt", "female", "studio_avatar", "Daisy"},
		{"a1b2c3d4e5f60718293a4b5c6d7e8f90", "Anna (photo)", "female", "photo_avatar", "Anna"},
	}
)

// heygenPage cuts a list for ?limit= (1–100, default 20) and ?token= (the
// opaque cursor of the previous page).
func heygenPage[T any](w http.ResponseWriter, r *http.Request, capAt int, all []T, item func(T) map[string]any) {
	q := r.URL.Query()
	limit, from := 20, 0
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "limit must be between 1 and 100", "limit")
			return
		}
		limit = n
	}
	if t := q.Get("token"); t != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(t, "pg_"))
		if err != nil || !strings.HasPrefix(t, "pg_") || n < 0 || n > len(all) {
			heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "token is not a cursor this list returned", "token")
			return
		}
		from = n
	}
	if capAt > 0 {
		limit = min(limit, capAt)
	}
	to := min(from+limit, len(all))
	items := make([]map[string]any, 0, to-from)
	for _, x := range all[from:to] {
		items = append(items, item(x))
	}
	var next any
	if to < len(all) {
		next = "pg_" + strconv.Itoa(to)
	}
	WriteJSON(w, http.StatusOK, map[string]any{"data": items, "has_more": to < len(all), "next_token": next})
}

func (h *HeyGen) v3Voices(w http.ResponseWriter, r *http.Request) {
	if h.authorized(w, r, heygenEnvV3) {
		heygenPage(w, r, h.opts.PageSize, HeyGenVoices, func(v HeyGenVoice) map[string]any {
			return map[string]any{"voice_id": v.ID, "name": v.Name, "language": v.Language, "gender": v.Gender,
				"support_pause": true, "support_locale": true, "type": "public", "preview_audio_url": nil}
		})
	}
}

// v3Looks is GET /v3/avatars/looks, filtered by ?group_id= when given
// (heygen-v3-api.json AvatarLooksList: "Filterable by group_id"): the catalog's avatars
// and the looks of trained photo avatar groups, whose id "is the avatar_id
// to pass when creating a video".
func (h *HeyGen) v3Looks(w http.ResponseWriter, r *http.Request) {
	if h.authorized(w, r, heygenEnvV3) {
		looks := h.catalog()
		if g := r.URL.Query().Get("group_id"); g != "" {
			looks = slices.DeleteFunc(looks, func(a HeyGenAvatar) bool { return a.Group != g })
		}
		heygenPage(w, r, h.opts.PageSize, looks, func(a HeyGenAvatar) map[string]any {
			return map[string]any{"id": a.ID, "name": a.Name, "avatar_type": a.Type, "gender": a.Gender, "group_id": a.Group,
				"status": "completed", "supported_api_engines": []string{"avatar_iv", "avatar_v"}, "tags": []string{},
				"preview_image_url": nil, "preview_video_url": nil, "default_voice_id": HeyGenVoices[0].ID}
		})
	}
}

func (h *HeyGen) v3Groups(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	var groups []string
	looks := map[string]int{}
	for _, a := range h.catalog() {
		if looks[a.Group] == 0 {
			groups = append(groups, a.Group)
		}
		looks[a.Group]++
	}
	heygenPage(w, r, h.opts.PageSize, groups, func(g string) map[string]any {
		return map[string]any{"id": g, "name": g, "created_at": Epoch.Unix(), "looks_count": looks[g], "status": "completed"}
	})
}

func (h *HeyGen) v2Voices(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	voices := make([]map[string]any, 0, len(HeyGenVoices))
	for _, v := range HeyGenVoices {
		voices = append(voices, map[string]any{"voice_id": v.ID, "name": v.Name, "language": v.Language, "gender": v.Gender,
			"preview_audio": "", "support_pause": true, "emotion_support": true, "support_interactive_avatar": false})
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"voices": voices}})
}

// v2Avatars lists avatars and, apart, talking photos (photo avatars).
func (h *HeyGen) v2Avatars(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	avatars, photos := []map[string]any{}, []map[string]any{}
	for _, a := range h.catalog() {
		if a.Type == "photo_avatar" {
			photos = append(photos, map[string]any{"talking_photo_id": a.ID, "talking_photo_name": a.Name, "preview_image_url": ""})
			continue
		}
		avatars = append(avatars, map[string]any{"avatar_id": a.ID, "avatar_name": a.Name, "gender": a.Gender,
			"preview_image_url": "", "preview_video_url": "", "premium": false, "type": nil, "tags": nil,
			"default_voice_id": HeyGenVoices[0].ID})
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"avatars": avatars, "talking_photos": photos}})
}
