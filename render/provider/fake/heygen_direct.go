package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// v3DirectUpload is POST /v3/assets/direct-uploads: for files over the
// multipart limit, an asset id and a presigned PUT URL on the storage host.
func (h *HeyGen) v3DirectUpload(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	if param, msg, ok := heygenValidate("AssetDirectUploadsCreate", raw); !ok {
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", msg, param)
		return
	}
	var in struct {
		Filename    string  `json:"filename"`
		ContentType string  `json:"content_type"`
		Size        int64   `json:"size_bytes"`
		Checksum    *string `json:"checksum_sha256"`
	}
	_ = json.Unmarshal(raw, &in)
	ct, _, _ := mime.ParseMediaType(in.ContentType)
	typ, ok := heygenV3Types[ct]
	switch {
	case !ok:
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "unsupported content_type "+strconv.Quote(in.ContentType), "content_type")
		return
	case in.Size <= 0 || in.Size > heygenMaxDirect:
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "size_bytes must be between 1 and "+strconv.Itoa(heygenMaxDirect), "size_bytes")
		return
	}
	a := h.newAsset(path.Base(in.Filename), typ, nil)
	h.mu.Lock()
	a.pending, a.declared = true, in.Size
	if in.Checksum != nil {
		a.checksum = strings.ToLower(*in.Checksum)
	}
	h.mu.Unlock()
	WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"asset_id": a.id, "upload_url": h.signed("/uploads/" + a.id), "upload_headers": map[string]string{"Content-Type": in.ContentType},
		"expires_in_seconds": int(h.srv.opts.MediaTTL.Seconds()), "max_bytes": heygenMaxDirect, "status": "pending"}})
}

// receiveUpload is the storage host's PUT of a presigned upload URL; like
// S3 it takes exactly the signed Content-Type and the declared size.
func (h *HeyGen) receiveUpload(w http.ResponseWriter, r *http.Request) {
	if !h.verified(w, r) {
		return
	}
	id := r.PathValue("id")
	a, ok := h.asset(id)
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	if want, _, _ := mime.ParseMediaType(a.mime); !heygenSameType(r.Header.Get("Content-Type"), want) {
		denied(w, "SignatureDoesNotMatch: Content-Type differs from the one the upload was created with")
		return
	}
	data, _ := io.ReadAll(r.Body)
	if int64(len(data)) != a.declared {
		http.Error(w, "IncompleteBody: got "+strconv.Itoa(len(data))+" bytes, declared "+strconv.FormatInt(a.declared, 10), http.StatusBadRequest)
		return
	}
	sum := sha256.Sum256(data)
	h.mu.Lock()
	h.assets[id].data = data
	h.mu.Unlock()
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	w.WriteHeader(http.StatusOK)
}

func heygenSameType(got, want string) bool {
	t, _, _ := mime.ParseMediaType(got)
	return heygenV3Types[t] == want
}

// v3Complete is POST /v3/assets/{id}/complete: the upload becomes an
// asset once its bytes arrived and match the checksum; repeating it
// returns the same asset.
func (h *HeyGen) v3Complete(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	if len(strings.TrimSpace(string(raw))) == 0 {
		raw = []byte("{}")
	}
	if param, msg, ok := heygenValidate("AssetCompleteCreate", raw); !ok {
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", msg, param)
		return
	}
	var in struct {
		Checksum *string `json:"checksum_sha256"`
	}
	_ = json.Unmarshal(raw, &in)
	a, ok := h.asset(r.PathValue("id"))
	switch {
	case !ok:
		heygenWriteV3Error(w, http.StatusNotFound, "not_found", "Asset not found", "asset_id")
		return
	case a.data == nil:
		heygenWriteV3Error(w, http.StatusConflict, "upload_incomplete", "the file has not been uploaded to upload_url yet", "asset_id")
		return
	}
	sum := sha256.Sum256(a.data)
	got := hex.EncodeToString(sum[:])
	for _, want := range []string{a.checksum, heygenDeref(in.Checksum)} {
		if want != "" && !strings.EqualFold(want, got) {
			heygenWriteV3Error(w, http.StatusBadRequest, "checksum_mismatch", "the uploaded bytes do not match checksum_sha256", "checksum_sha256")
			return
		}
	}
	h.mu.Lock()
	h.assets[a.id].pending = false
	h.mu.Unlock()
	WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"asset_id": a.id, "url": h.assetURL(a), "mime_type": a.mime, "size_bytes": len(a.data), "status": "ready"}})
}

func heygenDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
