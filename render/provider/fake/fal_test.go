package fake

import (
	"strings"
	"testing"
	"time"
)

func newFal(t *testing.T, o FalOptions) (*Fal, string) {
	o.Media = testMedia(t)
	f := NewFal(o)
	t.Cleanup(f.Close)
	return f, "Key " + f.Key()
}

// falSubmit submits body and returns the answer's fields.
func falSubmit(t *testing.T, f *Fal, auth, body string) map[string]any {
	t.Helper()
	a := call(t, "POST", f.QueueURL()+"/"+FalEndpoint, auth, body)
	if a.status != 200 {
		t.Fatalf("submit: %d %s", a.status, a.body)
	}
	return decode(t, a.body)
}

func TestFalQueueLifecycle(t *testing.T) {
	f, auth := newFal(t, FalOptions{})
	m := falSubmit(t, f, auth, string(f.Body("Hi, I'm Anna from Acme, and this is our product.")))
	id, _ := m["request_id"].(string)
	app := f.QueueURL() + "/fal-ai/heygen/requests/" + id
	if id == "" || m["status"] != "IN_QUEUE" || m["queue_position"] != 5.0 || m["status_url"] != app+"/status" ||
		m["response_url"] != app || m["cancel_url"] != app+"/cancel" {
		t.Fatalf("submit answer %v", m)
	}
	if a := call(t, "GET", app, auth, ""); a.status != 400 || !strings.Contains(string(a.body), "still in progress") {
		t.Fatalf("result before completion: %d %s", a.status, a.body)
	}
	f.Server().Advance(3 * time.Second)
	a := call(t, "GET", app+"/status?logs=1", auth, "")
	if s := decode(t, a.body); a.status != 202 || s["status"] != "IN_QUEUE" || s["queue_position"] != 2.0 || s["logs"] != nil {
		t.Fatalf("queued: %d %s", a.status, a.body)
	}
	f.Server().Advance(8 * time.Second) // 6 s into a 20 s render
	if s := decode(t, call(t, "GET", app+"/status", auth, "").body); s["status"] != "IN_PROGRESS" || s["logs"] != nil {
		t.Fatalf("logs without logs=1: %v", s)
	}
	s := decode(t, call(t, "GET", app+"/status?logs=1", auth, "").body)
	logs, _ := s["logs"].([]any)
	if s["status"] != "IN_PROGRESS" || len(logs) != 2 || logs[1].(map[string]any)["message"] != "Rendering video: 25%" ||
		logs[0].(map[string]any)["timestamp"] != "2026-01-05T09:00:05.000000" || logs[0].(map[string]any)["source"] == nil {
		t.Fatalf("in progress: %v", s)
	}
	f.Server().Advance(time.Minute)
	a = call(t, "GET", app+"/status?logs=1", auth, "")
	if s := decode(t, a.body); a.status != 200 || s["status"] != "COMPLETED" || s["metrics"].(map[string]any)["inference_time"] != 20.0 {
		t.Fatalf("completed: %d %s", a.status, a.body)
	}
	r1, r2 := call(t, "GET", app, auth, ""), call(t, "GET", app, auth, "")
	v1, v2 := decode(t, r1.body)["video"].(map[string]any), decode(t, r2.body)["video"].(map[string]any)
	if r1.status != 200 || r1.header.Get("X-Fal-Request-Id") != id || v1["content_type"] != "video/mp4" ||
		v1["file_name"] != "output.mp4" || v1["file_size"].(float64) <= 0 || v1["url"] == v2["url"] {
		t.Fatalf("result %s / %s", r1.body, r2.body)
	}
	if media := call(t, "GET", v1["url"].(string), "", ""); media.status != 200 || !isMP4(media.body) {
		t.Fatalf("media %d", media.status)
	}
	// 10 words at 150 a minute: 4 s of video at 10 cents a second.
	if l := f.Server().Ledger(); len(l) != 1 || l[0].JobID != id || l[0].Cost != 40 {
		t.Fatalf("ledger %+v", l)
	}
}

func TestFalAuth(t *testing.T) {
	f, auth := newFal(t, FalOptions{})
	id := falSubmit(t, f, auth, string(f.Body("hi")))["request_id"].(string)
	for _, tc := range []struct{ method, url, auth, msg string }{
		{"POST", f.QueueURL() + "/" + FalEndpoint, "", "Authentication is required"},
		{"POST", f.QueueURL() + "/" + FalEndpoint, "Bearer " + f.Key(), "No user found"},
		{"GET", f.QueueURL() + "/fal-ai/heygen/requests/" + id + "/status", "Key nope:nope", "No user found"},
		{"POST", f.RestURL() + "/storage/auth/token?storage_type=fal-cdn-v3", "", "Authentication is required"},
	} {
		a := call(t, tc.method, tc.url, tc.auth, "{}")
		if d, _ := decode(t, a.body)["detail"].(string); a.status != 401 || !strings.Contains(d, tc.msg) {
			t.Errorf("%s %s with %q: %d %s", tc.method, tc.url, tc.auth, a.status, a.body)
		}
	}
}

func TestFalSubPathForms(t *testing.T) {
	for _, strict := range []bool{false, true} {
		f, auth := newFal(t, FalOptions{SubPathNotFound: strict})
		id := falSubmit(t, f, auth, string(f.Body("hi")))["request_id"].(string)
		sub := f.QueueURL() + "/" + FalEndpoint + "/requests/" + id + "/status"
		want := 202
		if strict {
			want = 404
		}
		if a := call(t, "GET", sub, auth, ""); a.status != want {
			t.Errorf("SubPathNotFound=%v: sub-path status %d, want %d", strict, a.status, want)
		}
		if a := call(t, "GET", f.QueueURL()+"/fal-ai/heygen/requests/"+id+"/status", auth, ""); a.status != 202 {
			t.Errorf("app path: %d", a.status)
		}
	}
}

func TestFalLateFailures(t *testing.T) {
	f, auth := newFal(t, FalOptions{FailLoc: []string{"body", "image_url"}})
	f.Server().Inject(RouteCreate, Fault{Kind: LateFailure, Code: "face_detection_error", Message: "Could not detect a face", Times: 1})
	f.Server().Inject(RouteCreate, Fault{Kind: LateFailure, Status: 503, Code: "runner_scheduling_failure", Message: "No runner", Times: 1})
	invalid := falSubmit(t, f, auth, string(f.Body("one")))["response_url"].(string)
	infra := falSubmit(t, f, auth, string(f.Body("two")))["response_url"].(string)
	f.Server().Advance(time.Minute)
	if s := decode(t, call(t, "GET", invalid+"/status?logs=1", auth, "").body); s["status"] != "COMPLETED" {
		t.Fatalf("a failed job reads %v, want COMPLETED", s["status"])
	}
	a := call(t, "GET", invalid, auth, "")
	d := decode(t, a.body)["detail"].([]any)[0].(map[string]any)
	if a.status != 422 || d["msg"] != "Could not detect a face" || d["type"] != "face_detection_error" || d["loc"].([]any)[1] != "image_url" {
		t.Fatalf("422 result: %d %s", a.status, a.body)
	}
	a = call(t, "GET", infra, auth, "")
	if m := decode(t, a.body); a.status != 503 || a.header.Get("X-Fal-Error-Type") != "runner_scheduling_failure" ||
		m["error_type"] != "runner_scheduling_failure" || m["detail"] != "No runner" {
		t.Fatalf("5xx result: %d %v %s", a.status, a.header, a.body)
	}
	if l := f.Server().Ledger(); len(l) != 0 {
		t.Fatalf("failed jobs were billed: %+v", l)
	}
}

func TestFalCancel(t *testing.T) {
	f, auth := newFal(t, FalOptions{})
	m := falSubmit(t, f, auth, string(f.Body("hi")))
	done := falSubmit(t, f, auth, string(f.Body("done")))
	cancel := m["cancel_url"].(string)
	if a := call(t, "PUT", cancel, auth, ""); a.status != 202 || decode(t, a.body)["status"] != "CANCELLATION_REQUESTED" {
		t.Fatalf("cancel: %d %s", a.status, a.body)
	}
	a := call(t, "GET", m["response_url"].(string), auth, "")
	if a.status != 499 || a.header.Get("X-Fal-Error-Type") != "client_cancelled" {
		t.Fatalf("result of a cancelled job: %d %s", a.status, a.body)
	}
	f.Server().Advance(time.Minute)
	for url, want := range map[string]string{cancel: "ALREADY_COMPLETED", done["cancel_url"].(string): "ALREADY_COMPLETED",
		f.QueueURL() + "/fal-ai/heygen/requests/nope/cancel": "NOT_FOUND"} {
		if a := call(t, "PUT", url, auth, ""); decode(t, a.body)["status"] != want || (a.status != 400 && a.status != 404) {
			t.Errorf("%s: %d %s, want %s", url, a.status, a.body, want)
		}
	}
	if l := f.Server().Ledger(); len(l) != 1 || l[0].JobID != done["request_id"] {
		t.Fatalf("ledger %+v, want only the job that rendered", l)
	}
}
