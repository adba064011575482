package fake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// BuiltinMP4 is the media a fake serves when given none: the smallest
// structurally whole MP4, an ftyp box, an empty moov and an empty mdat
// box, 40 bytes whose box sizes add up to its length. It passes a client
// that checks the container by its structure (reel's mediacheck) but
// plays nothing; tests that need playable video load testdata/media with
// LoadMedia.
var BuiltinMP4 = []byte("" +
	"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" +
	"\x00\x00\x00\x08moov" +
	"\x00\x00\x00\x08mdat")

// LoadMedia reads the .mp4 and .webm files of dir (testdata/media), keyed
// by file name.
func LoadMedia(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, pat := range []string{"*.mp4", "*.webm"} {
		names, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			out[filepath.Base(n)] = b
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no .mp4 or .webm files in %s", dir)
	}
	return out, nil
}

// MediaFor picks the media file a job renders to: the MP4 named after hint
// (an aspect such as "9x16"), else any file so named, else the first by
// name.
func (s *Server) MediaFor(hint string) string {
	names := make([]string, 0, len(s.opts.Media))
	for n := range s.opts.Media {
		names = append(names, n)
	}
	slices.Sort(names)
	if hint != "" {
		if _, ok := s.opts.Media[hint+".mp4"]; ok {
			return hint + ".mp4"
		}
		for _, n := range names {
			if strings.HasPrefix(n, hint+".") {
				return n
			}
		}
	}
	return names[0]
}

// MediaURL returns a freshly signed URL of a job's media on the media host,
// valid for MediaTTL from now. Every call returns a different URL, as
// HeyGen regenerates its presigned URLs on every status call.
func (s *Server) MediaURL(j Job) string {
	s.mu.Lock()
	s.nonce++
	n := s.nonce
	s.mu.Unlock()
	p := "/files/" + url.PathEscape(j.ID) + "/" + url.PathEscape(j.Media)
	exp := strconv.FormatInt(s.clock.Now().Add(s.opts.MediaTTL).Unix(), 10)
	q := "Expires=" + exp + "&n=" + strconv.Itoa(n)
	return s.mediaSrv.URL + p + "?" + q + "&Signature=" + s.sign(p, q) + "&Key-Pair-Id=FAKEKEYPAIRID"
}

func (s *Server) sign(path, query string) string {
	m := hmac.New(sha256.New, s.signKey)
	m.Write([]byte(path + "?" + query))
	return hex.EncodeToString(m.Sum(nil))
}

// serveMedia answers like S3 behind CloudFront: 403 AccessDenied for a bad
// signature or an expired URL, 404 for a job it does not know.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	signed := "Expires=" + q.Get("Expires") + "&n=" + q.Get("n")
	if !hmac.Equal([]byte(q.Get("Signature")), []byte(s.sign(r.URL.EscapedPath(), signed))) {
		denied(w, "Invalid signature")
		return
	}
	exp, _ := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if s.clock.Now().Unix() > exp {
		denied(w, "Request has expired")
		return
	}
	j, phase, ok := s.Job(r.PathValue("job"))
	body, known := s.opts.Media[r.PathValue("name")]
	if !ok || !known || phase != PhaseCompleted || j.Media != r.PathValue("name") {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	ctype := "video/mp4"
	if strings.HasSuffix(j.Media, ".webm") {
		ctype = "video/webm"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func denied(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<Error><Code>AccessDenied</Code><Message>%s</Message></Error>", msg)
}

// mp4Head precedes the payload of MP4Body: BuiltinMP4's ftyp and moov
// boxes, then an mdat header whose size MP4Body fills in.
const mp4Head = "\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41" +
	"\x00\x00\x00\x08moov" +
	"\x00\x00\x00\x00mdat"

// MP4Body is an MP4 of size bytes made up as it is read: a header, then
// pseudo-random bytes from a fixed seed. The same size always gives the
// same bytes and the body is never in memory whole, so a test can serve a
// file of any size (up to 4 GiB) and check what arrived by its SHA-256.
func MP4Body(size int64) io.Reader {
	payload := size - int64(len(mp4Head))
	if payload < 0 || payload+8 > 1<<32-1 {
		panic(fmt.Sprintf("MP4Body(%d): size out of range", size))
	}
	head := []byte(mp4Head)
	binary.BigEndian.PutUint32(head[len(head)-8:], uint32(payload+8))
	return io.MultiReader(bytes.NewReader(head), io.LimitReader(rand.NewChaCha8([32]byte{'r', 'e', 'e', 'l'}), payload))
}
