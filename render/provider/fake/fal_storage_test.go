package fake

import (
	"bytes"
	"net/http"
	"testing"
	"time"
)

func falToken(t *testing.T, f *Fal, auth string) map[string]any {
	t.Helper()
	a := call(t, "POST", f.RestURL()+"/storage/auth/token?storage_type=fal-cdn-v3", auth, "{}")
	if a.status != 200 {
		t.Fatalf("token: %d %s", a.status, a.body)
	}
	return decode(t, a.body)
}

// falPut uploads body under the given Authorization.
func falPut(t *testing.T, base, auth string, body []byte) answer {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/files/upload", bytes.NewReader(body))
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "image/png")
	req.Header.Set("X-Fal-File-Name", "../anna.png")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: b.Bytes()}
}

func TestFalStorage(t *testing.T) {
	f, auth := newFal(t, FalOptions{TokenTTL: time.Minute})
	tok := falToken(t, f, auth)
	base, _ := tok["base_url"].(string)
	if tok["token_type"] != "Bearer" || tok["token"] == "" || base == "" || base == f.RestURL() || base == f.QueueURL() || tok["expires_at"] != "2026-01-05T09:01:00Z" {
		t.Fatalf("token answer %v", tok)
	}
	png := []byte("\x89PNG\r\n\x1a\n fake image")
	a := falPut(t, base, "Bearer "+tok["token"].(string), png)
	u, _ := decode(t, a.body)["access_url"].(string)
	if a.status != 200 || u != base+"/files/b/00000001/anna.png" {
		t.Fatalf("upload: %d %s", a.status, a.body)
	}
	if got := call(t, "GET", u, "", ""); got.status != 200 || !bytes.Equal(got.body, png) || got.header.Get("Content-Type") != "image/png" {
		t.Fatalf("serving back: %d %q", got.status, got.body)
	}
	if a := falPut(t, base, auth, png); a.status != 401 {
		t.Fatalf("the API key was accepted by the CDN: %d", a.status)
	}
	f.Server().Advance(2 * time.Minute)
	if a := falPut(t, base, "Bearer "+tok["token"].(string), png); a.status != 401 {
		t.Fatalf("an expired token was accepted: %d", a.status)
	}
	if a := call(t, "POST", f.RestURL()+"/storage/auth/token?storage_type=gcs", auth, "{}"); a.status != 422 {
		t.Fatalf("other storage type: %d", a.status)
	}
	if n := len(f.Server().Requests(FalRouteToken)); n != 2 {
		t.Fatalf("logged %d token calls", n)
	}
}
