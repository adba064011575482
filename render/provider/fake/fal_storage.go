package fake

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// falFile is one upload the CDN serves back.
type falFile struct {
	ctype string
	body  []byte
}

// restMux is rest.fal.ai's storage token call, the first step of fal's
// upload (reference/providers.md §2.5).
func (f *Fal) restMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /storage/auth/token", f.srv.wrap(FalRouteToken, f.token))
	m.HandleFunc("/", f.srv.wrap("other", func(w http.ResponseWriter, r *http.Request) {
		falDetail(w, http.StatusNotFound, "Not Found")
	}))
	return m
}

// cdnMux is v3.fal.media: the upload itself, and the uploaded files,
// public to anyone with the URL as fal's are.
func (f *Fal) cdnMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("POST /files/upload", f.srv.wrap(RouteUpload, f.upload))
	m.HandleFunc("GET /files/b/{dir}/{name}", f.srv.wrap(FalRouteFile, f.serveFile))
	return m
}

// token answers POST /storage/auth/token?storage_type=fal-cdn-v3 with a
// short-lived token for the CDN, whose base_url is where to upload.
func (f *Fal) token(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) || !f.unlocked(w) {
		return
	}
	if st := r.URL.Query().Get("storage_type"); st != "fal-cdn-v3" {
		issue := falIssue{Loc: []string{"query", "storage_type"}, Msg: "Input should be 'fal-cdn-v3'", Type: "enum"}
		WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": []falIssue{issue}})
		return
	}
	b := make([]byte, 24)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	exp := f.srv.Clock().Now().Add(f.opts.TokenTTL)
	f.mu.Lock()
	f.tokens[tok] = exp
	f.mu.Unlock()
	WriteJSON(w, http.StatusOK, map[string]string{
		"token": tok, "token_type": "Bearer", "base_url": f.cdn.URL, "expires_at": exp.UTC().Format(time.RFC3339),
	})
}

// upload takes the raw bytes under a storage token (never the API key)
// and answers the public URL they are served at.
func (f *Fal) upload(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.mu.Lock()
	exp, known := f.tokens[tok]
	f.mu.Unlock()
	if !ok || !known || f.srv.Clock().Now().After(exp) {
		falDetail(w, http.StatusUnauthorized, "Invalid or expired storage token")
		return
	}
	ctype := r.Header.Get("Content-Type")
	body, _ := io.ReadAll(r.Body)
	if ctype == "" || len(body) == 0 {
		falDetail(w, http.StatusBadRequest, "An upload needs a Content-Type and a body")
		return
	}
	f.mu.Lock()
	f.seq++
	dir := fmt.Sprintf("%08x", f.seq)
	name := falFileName(r.Header.Get("X-Fal-File-Name"), ctype, f.seq)
	f.files[dir+"/"+name] = falFile{ctype: ctype, body: body}
	f.mu.Unlock()
	WriteJSON(w, http.StatusOK, map[string]string{"access_url": f.cdn.URL + "/files/b/" + dir + "/" + url.PathEscape(name)})
}

// falFileName is the name the client asked for, or one made from the
// content type.
func falFileName(asked, ctype string, seq int) string {
	if n := path.Base("/" + asked); n != "/" && n != "." {
		return n
	}
	ext := ".bin"
	if exts, _ := mime.ExtensionsByType(ctype); len(exts) > 0 {
		ext = exts[0]
	}
	return "upload" + strconv.Itoa(seq) + ext
}

func (f *Fal) serveFile(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	file, ok := f.files[r.PathValue("dir")+"/"+r.PathValue("name")]
	f.mu.Unlock()
	if !ok {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", file.ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(file.body)))
	w.Write(file.body)
}
