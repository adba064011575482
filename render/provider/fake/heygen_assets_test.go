package fake

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"
)

func heygenForm(t *testing.T, name, ctype string, data []byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	hdr := textproto.MIMEHeader{}
	hdr.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
	if ctype != "" {
		hdr.Set("Content-Type", ctype)
	}
	pw, _ := mw.CreatePart(hdr)
	pw.Write(data)
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

func TestHeyGenV3Assets(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{MaxAssetBytes: 1 << 10})
	post := func(name, ctype string, data []byte) answer {
		body, ct := heygenForm(t, name, ctype, data)
		return heygenReq{method: "POST", url: h.BaseURL() + "/v3/assets", key: h.Key(), ctype: ct, body: body}.do(t)
	}
	a := post("anna.png", "image/png", []byte("\x89PNG\r\n\x1a\nfake"))
	heygenMust(t, a, 200)
	id, _ := heygenDig(t, a.body, "data", "asset_id").(string)
	if id == "" || heygenDig(t, a.body, "data", "mime_type") != "image/png" || heygenDig(t, a.body, "data", "size_bytes") != 12.0 {
		t.Fatalf("%s", a.body)
	}
	if got := call(t, "GET", heygenDig(t, a.body, "data", "url").(string), "", ""); got.status != 200 || !bytes.HasPrefix(got.body, []byte("\x89PNG")) {
		t.Fatalf("asset url: %d", got.status)
	}
	if a := post("voice.wav", "", []byte("RIFF\x00\x00\x00\x00WAVEfmt ")); a.status != 200 || heygenDig(t, a.body, "data", "mime_type") != "audio/wav" {
		t.Fatalf("sniffed wav: %d %s", a.status, a.body)
	}
	heygenMust(t, post("big.mp4", "video/mp4", make([]byte, 1025)), 413)
	heygenMust(t, post("a.gif", "image/gif", []byte("GIF89a")), 400)
	heygenMust(t, heygenReq{method: "POST", url: h.BaseURL() + "/v3/assets", key: h.Key(), ctype: "image/png", body: "x"}.do(t), 400)

	body := `{"type":"image","image":{"type":"asset_id","asset_id":"` + id + `"},"script":"hi","voice_id":"v"}`
	vid := heygenDig(t, h.post(t, "/v3/videos", body).body, "data", "video_id").(string)
	h.Server().Advance(time.Minute)
	if got := h.get(t, "/v3/videos/"+vid); heygenDig(t, got.body, "data", "status") != "completed" {
		t.Fatalf("a video of an uploaded asset: %s", got.body)
	}
}

func TestHeyGenDirectUpload(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	data := bytes.Repeat([]byte("video"), 1000)
	sum := sha256.Sum256(data)
	create := `{"filename":"talk.mp4","content_type":"video/mp4","size_bytes":` + strconv.Itoa(len(data)) + `,"checksum_sha256":"` + hex.EncodeToString(sum[:]) + `"}`
	a := h.post(t, "/v3/assets/direct-uploads", create)
	heygenMust(t, a, 200)
	id, _ := heygenDig(t, a.body, "data", "asset_id").(string)
	put, _ := heygenDig(t, a.body, "data", "upload_url").(string)
	if heygenDig(t, a.body, "data", "status") != "pending" || heygenDig(t, a.body, "data", "upload_headers", "Content-Type") != "video/mp4" {
		t.Fatalf("%s", a.body)
	}
	complete := func() answer { return h.post(t, "/v3/assets/"+id+"/complete", `{}`) }
	heygenMust(t, complete(), 409)
	heygenMust(t, heygenReq{method: "PUT", url: put, ctype: "video/webm", body: string(data)}.do(t), 403)
	heygenMust(t, heygenReq{method: "PUT", url: put, ctype: "video/mp4", body: string(data[1:])}.do(t), 400)
	heygenMust(t, heygenReq{method: "PUT", url: strings.Replace(put, "Signature=", "Signature=0", 1), ctype: "video/mp4", body: string(data)}.do(t), 403)
	heygenMust(t, heygenReq{method: "PUT", url: put, ctype: "video/mp4", body: string(data)}.do(t), 200)
	done := complete()
	heygenMust(t, done, 200)
	if heygenDig(t, done.body, "data", "status") != "ready" || heygenDig(t, done.body, "data", "size_bytes") != float64(len(data)) {
		t.Fatalf("%s", done.body)
	}
	heygenMust(t, complete(), 200) // idempotent
	heygenMust(t, h.post(t, "/v3/assets/"+id+"/complete", `{"checksum_sha256":"00"}`), 400)
	heygenMust(t, h.post(t, "/v3/assets/direct-uploads", `{"filename":"x.mp4","content_type":"video/mp4"}`), 400)
	heygenMust(t, h.post(t, "/v3/assets/direct-uploads", `{"filename":"x.gif","content_type":"image/gif","size_bytes":3}`), 400)
}

func TestHeyGenUploadHost(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenAV4})
	up := func(ctype, body string) answer {
		return heygenReq{method: "POST", url: h.UploadURL() + "/v1/asset", key: h.Key(), ctype: ctype, body: body}.do(t)
	}
	for _, ct := range []string{"image/png", "image/jpeg", "audio/mpeg", "audio/wav", "video/mp4", "video/webm"} {
		a := up(ct, "bytes")
		heygenMust(t, a, 200)
		key, hasKey := heygenDig(t, a.body, "data").(map[string]any)["image_key"]
		if heygenDig(t, a.body, "code") != 100.0 || heygenDig(t, a.body, "msg") != nil || hasKey != strings.HasPrefix(ct, "image/") ||
			heygenDig(t, a.body, "data", "file_type") != strings.Split(ct, "/")[0] {
			t.Fatalf("%s: %s", ct, a.body)
		}
		if hasKey && !heygenImageKey.MatchString(key.(string)) {
			t.Fatalf("image_key %v", key)
		}
	}
	for _, ct := range []string{"image/gif", "audio/mp4", "application/octet-stream", "multipart/form-data; boundary=x"} {
		if a := up(ct, "bytes"); a.status != 400 || heygenDig(t, a.body, "code") != 400175.0 {
			t.Fatalf("%s: %d %s", ct, a.status, a.body)
		}
	}
	heygenMust(t, up("image/png", ""), 400)
	heygenMust(t, heygenReq{method: "POST", url: h.UploadURL() + "/v1/asset", ctype: "image/png", body: "x"}.do(t), 401)
}

func TestHeyGenCatalog(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	a := h.get(t, "/v3/voices?limit=3")
	heygenMust(t, a, 200)
	next, _ := heygenDig(t, a.body, "next_token").(string)
	if heygenDig(t, a.body, "has_more") != true || next == "" || heygenDig(t, a.body, "data", 0, "voice_id") != HeyGenVoices[0].ID {
		t.Fatalf("%s", a.body)
	}
	a = h.get(t, "/v3/voices?limit=3&token="+next)
	if heygenDig(t, a.body, "has_more") != false || heygenDig(t, a.body, "data", 0, "voice_id") != HeyGenVoices[3].ID {
		t.Fatalf("%s", a.body)
	}
	heygenMust(t, h.get(t, "/v3/voices?limit=101"), 400)
	heygenMust(t, h.get(t, "/v3/voices?token=bogus"), 400)
	if a = h.get(t, "/v3/avatars/looks"); heygenDig(t, a.body, "data", 3, "avatar_type") != "photo_avatar" {
		t.Fatalf("%s", a.body)
	}
	if a = h.get(t, "/v3/avatars"); heygenDig(t, a.body, "data", 0, "looks_count") != 2.0 {
		t.Fatalf("%s", a.body)
	}
	a = h.get(t, "/v2/avatars")
	if heygenDig(t, a.body, "data", "talking_photos", 0, "talking_photo_id") != HeyGenAvatars[3].ID || heygenDig(t, a.body, "data", "avatars", 2, "avatar_id") == nil {
		t.Fatalf("%s", a.body)
	}
	if a = h.get(t, "/v2/voices"); heygenDig(t, a.body, "data", "voices", 1, "language") != "Spanish" {
		t.Fatalf("%s", a.body)
	}
}
