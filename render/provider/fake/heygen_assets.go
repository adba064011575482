package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// heygenAsset is an uploaded file, or a direct upload not yet completed.
type heygenAsset struct {
	id, name, mime, imageKey string
	data                     []byte
	created                  time.Time
	pending                  bool   // direct upload not completed
	declared                 int64  // direct upload: size_bytes
	checksum                 string // direct upload: checksum_sha256, if given
}

// heygenV3Types are what POST /v3/assets takes ("png, jpeg, mp4, webm, mp3,
// wav, pdf, srt"), under the names clients send; heygenV1Types are the
// upload host's raw Content-Types (HG-docs upload-asset; audio/wav per
// HG-skills).
var (
	heygenV3Types = map[string]string{"image/png": "image/png", "image/jpeg": "image/jpeg", "video/mp4": "video/mp4",
		"video/webm": "video/webm", "audio/mpeg": "audio/mpeg", "audio/mp3": "audio/mpeg", "audio/wav": "audio/wav",
		"audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/mp4": "audio/mp4", "application/pdf": "application/pdf",
		"application/x-subrip": "application/x-subrip", "text/srt": "application/x-subrip"}
	heygenV1Types = map[string]bool{"image/png": true, "image/jpeg": true, "audio/mpeg": true, "audio/wav": true,
		"video/mp4": true, "video/webm": true}
)

// heygenMaxDirect is the largest direct upload the fake takes.
const heygenMaxDirect = 5 << 30

func (h *HeyGen) newAsset(name, mimeType string, data []byte) *heygenAsset {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	sum := sha256.Sum256([]byte("asset" + strconv.Itoa(h.seq)))
	switch {
	case h.opts.ContentAssetIDs && data != nil:
		d := sha256.New()
		d.Write([]byte("asset\x00" + mimeType + "\x00"))
		d.Write(data)
		d.Sum(sum[:0])
	case h.opts.ContentAssetIDs:
		rand.Read(sum[:])
	}
	a := &heygenAsset{id: hex.EncodeToString(sum[:16]), name: name, mime: mimeType, data: data, created: h.srv.clock.Now()}
	if strings.HasPrefix(mimeType, "image/") {
		a.imageKey = "image/" + hex.EncodeToString(sum[16:]) + "/original"
		h.imageKeys[a.imageKey] = a.id
	}
	h.assets[a.id] = a
	return a
}

func (h *HeyGen) asset(id string) (heygenAsset, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	a, ok := h.assets[id]
	if !ok {
		return heygenAsset{}, false
	}
	return *a, true
}

func (h *HeyGen) assetURL(a heygenAsset) string {
	return h.files.URL + "/assets/" + a.id + "/" + url.PathEscape(a.name)
}

// v3Asset is POST /v3/assets: multipart, one "file" part of at most
// MaxAssetBytes (32 MB), of a listed type.
func (h *HeyGen) v3Asset(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "expected multipart/form-data with a file part", "file")
		return
	}
	part, data, err := heygenFilePart(multipart.NewReader(r.Body, params["boundary"]), h.opts.MaxAssetBytes)
	switch {
	case err == heygenTooLarge:
		heygenWriteV3Error(w, http.StatusRequestEntityTooLarge, "payload_too_large",
			"file exceeds "+strconv.FormatInt(h.opts.MaxAssetBytes>>20, 10)+" MB; use POST /v3/assets/direct-uploads", "file")
		return
	case err != nil || part == nil:
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "the form has no file part", "file")
		return
	case len(data) == 0:
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "the file is empty", "file")
		return
	}
	typ, ok := heygenV3Types[heygenPartType(part, data)]
	if !ok {
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter",
			"unsupported file type "+heygenPartType(part, data)+"; upload png, jpeg, mp4, webm, mp3, wav, pdf or srt", "file")
		return
	}
	a := h.newAsset(path.Base(heygenOr(part.FileName(), "upload")), typ, data)
	WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"asset_id": a.id, "url": h.assetURL(*a), "mime_type": a.mime, "size_bytes": len(a.data)}})
}

type heygenErr string

func (e heygenErr) Error() string { return string(e) }

const heygenTooLarge = heygenErr("too large")

// heygenFilePart finds the form's "file" part and reads at most limit
// bytes of it.
func heygenFilePart(mr *multipart.Reader, limit int64) (*multipart.Part, []byte, error) {
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, nil, err
		}
		if p.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, limit+1))
		if err != nil {
			return nil, nil, err
		}
		if int64(len(data)) > limit {
			return nil, nil, heygenTooLarge
		}
		return p, data, nil
	}
}

// heygenPartType is the part's declared type, else one sniffed from the
// bytes or the file name.
func heygenPartType(p *multipart.Part, data []byte) string {
	if t, _, err := mime.ParseMediaType(p.Header.Get("Content-Type")); err == nil && t != "application/octet-stream" {
		return t
	}
	if t := mime.TypeByExtension(path.Ext(p.FileName())); t != "" {
		t, _, _ = mime.ParseMediaType(t)
		return t
	}
	t, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	return t
}

// v1Upload is POST upload.heygen.com/v1/asset: the raw bytes as the body
// (not multipart), typed by Content-Type; images get an image_key.
func (h *HeyGen) v1Upload(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV1) {
		return
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if strings.HasPrefix(ct, "multipart/") {
		heygenWriteV1Error(w, http.StatusBadRequest, 400175, "send the file as the raw request body, not multipart")
		return
	}
	if !heygenV1Types[ct] {
		heygenWriteV1Error(w, http.StatusBadRequest, 400175, "unsupported Content-Type "+strconv.Quote(ct)+
			"; use image/png, image/jpeg, audio/mpeg, audio/wav, video/mp4 or video/webm")
		return
	}
	data, _ := io.ReadAll(r.Body)
	if len(data) == 0 {
		heygenWriteV1Error(w, http.StatusBadRequest, 400175, "the request body is empty")
		return
	}
	a := h.newAsset("upload", ct, data)
	a.name = a.id
	d := map[string]any{"id": a.id, "name": a.name, "file_type": strings.SplitN(ct, "/", 2)[0], "folder_id": "",
		"meta": nil, "created_ts": a.created.Unix(), "url": h.assetURL(*a)}
	if a.imageKey != "" {
		d["image_key"] = a.imageKey
	}
	WriteJSON(w, http.StatusOK, map[string]any{"code": 100, "data": d, "msg": nil, "message": nil})
}

// serveAsset serves an uploaded file at its public URL.
func (h *HeyGen) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := h.asset(r.PathValue("id"))
	if !ok || a.pending {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", a.mime)
	w.Header().Set("Content-Length", strconv.Itoa(len(a.data)))
	w.Write(a.data)
}

var heygenImageKey = lazyregexp.New(`^image/[^/]+/original$`)

// checkAssets finds references a render would fail on: an asset id this
// account never uploaded (or a local "sha256:" ref the client forgot to
// replace), or an asset of the wrong kind for its field. HeyGen fetches
// assets while rendering, so these fail the video at poll time.
func (h *HeyGen) checkAssets(body []byte) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	problem := ""
	heygenWalk(v, func(key string, val any) {
		s, ok := val.(string)
		if !ok || problem != "" {
			return
		}
		want, isRef := map[string]string{"asset_id": "", "audio_asset_id": "audio/", "image_asset_id": "image/",
			"video_asset_id": "video/", "image_key": "image/"}[key]
		if !isRef {
			return
		}
		problem = h.checkRef(key, s, want)
	})
	return problem
}

func (h *HeyGen) checkRef(key, ref, want string) string {
	id := ref
	if key == "image_key" {
		if !heygenImageKey.MatchString(ref) && !strings.HasPrefix(ref, "sha256:") {
			return "" // a talking photo id
		}
		h.mu.Lock()
		id = h.imageKeys[ref]
		h.mu.Unlock()
	}
	a, ok := h.asset(id)
	switch {
	case !ok || a.pending:
		return key + " " + strconv.Quote(ref) + " is not an uploaded asset of this account"
	case !strings.HasPrefix(a.mime, want):
		return key + " " + strconv.Quote(ref) + " is " + a.mime + ", not " + strings.TrimSuffix(want, "/")
	}
	return ""
}
