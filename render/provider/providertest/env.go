package providertest

import (
	"bytes"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// pollStep is how far the fake's clock moves between polls; maxPolls
// bounds a poll loop far beyond any fake timeline.
const (
	pollStep = 5 * time.Second
	maxPolls = 500
)

func (e *env) submit(text string) string {
	e.t.Helper()
	job, err := e.p.Submit(e.ctx, provider.Submission{Key: renderKey(text), Body: e.f.Body(text)})
	if err != nil {
		e.t.Fatalf("Submit: %v", err)
	}
	if job.ID == "" {
		e.t.Fatal("Submit returned an empty job id")
	}
	if job.Replayed {
		e.t.Fatalf("the first create of %q was reported replayed: it was charged", text)
	}
	return job.ID
}

// renderKey stands in for a render key: distinct per text, hex like one.
func renderKey(text string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 64)
	for i := range b {
		c := byte(i)
		if len(text) > 0 {
			c += text[i%len(text)]
		}
		b[i] = hex[c%16]
	}
	return string(b)
}

func (e *env) status(id string) provider.Status {
	e.t.Helper()
	sts, err := e.p.Status(e.ctx, id)
	if err != nil {
		e.t.Fatalf("Status(%s): %v", id, err)
	}
	if len(sts) != 1 || sts[0].JobID != id {
		e.t.Fatalf("Status(%s) = %+v", id, sts)
	}
	return sts[0]
}

// poll moves the fake's clock until the job is done, and returns its last
// status and every state seen on the way.
func (e *env) poll(id string) (provider.Status, []provider.State) {
	e.t.Helper()
	var seen []provider.State
	for range maxPolls {
		st := e.status(id)
		seen = append(seen, st.State)
		if st.State.Done() {
			return st, seen
		}
		e.s.Advance(pollStep)
	}
	e.t.Fatalf("job %s not done after %d polls: %v", id, maxPolls, seen[len(seen)-1])
	return provider.Status{}, nil
}

func (e *env) download(url string) ([]byte, error) {
	var buf bytes.Buffer
	_, err := provider.Download(e.ctx, nil, url, &buf)
	return buf.Bytes(), err
}

func (e *env) creates() int { return len(e.s.Requests(fake.RouteCreate)) }

// isVideo checks a container by its first bytes: an MP4 ftyp box or the
// EBML header of WebM.
func isVideo(b []byte) bool {
	return len(b) >= 8 && string(b[4:8]) == "ftyp" || bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3})
}

// rank orders states along a job's life, so a poll never goes back.
func rank(s provider.State) int {
	switch s {
	case provider.Queued:
		return 0
	case provider.Processing:
		return 1
	}
	return 2
}
