package provider

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestDownload(t *testing.T) {
	mp4 := []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41")
	s := newScript(t, reply(200, string(mp4)),
		reply(403, `<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`))
	var buf bytes.Buffer
	u := s.srv.URL + "/v.mp4?Expires=1&Signature=sekrit"
	n, err := Download(context.Background(), nil, u, &buf)
	if err != nil || n != int64(len(mp4)) || !bytes.Equal(buf.Bytes(), mp4) {
		t.Fatalf("n=%d err=%v", n, err)
	}
	_, err = Download(context.Background(), nil, u, io.Discard)
	if !Expired(err) || Uncertain(err) || strings.Contains(err.Error(), "sekrit") {
		t.Fatalf("err = %v, want an expired-URL error without the signature", err)
	}
	for _, r := range s.seen() {
		if r.Header.Get("Authorization") != "" || r.Header.Get("X-Api-Key") != "" {
			t.Fatal("a credential was sent to the media host")
		}
	}
}

func TestDownloadTruncated(t *testing.T) {
	cut := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, "\x00\x00\x00\x18ftyp")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	s := newScript(t, cut)
	if _, err := Download(context.Background(), nil, s.srv.URL+"/v.mp4", io.Discard); err == nil || !strings.Contains(err.Error(), "reading media") {
		t.Fatalf("err = %v", err)
	}
}

func TestDownloadRefusesPlainHTTP(t *testing.T) {
	if _, err := Download(context.Background(), nil, "http://cdn.example.com/v.mp4", io.Discard); err == nil {
		t.Fatal("plain http media URL accepted")
	}
}
