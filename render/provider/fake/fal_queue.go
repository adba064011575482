package fake

import (
	"io"
	"net/http"
	"strings"
	"time"
)

// routeQueue adds queue.fal.run's calls. Status, result and cancel answer
// on the owner/alias path and, unless SubPathNotFound, on the full
// endpoint path too, so both sides of fal-js#214 can be reproduced.
func (f *Fal) routeQueue() {
	s := f.srv
	s.Handle(RouteCreate, "POST /"+FalEndpoint, f.submit)
	for _, app := range []string{FalApp, FalEndpoint} {
		s.Handle(RouteStatus, "GET /"+app+"/requests/{id}/status", f.status)
		s.Handle(RouteResult, "GET /"+app+"/requests/{id}", f.result)
		s.Handle(RouteCancel, "PUT /"+app+"/requests/{id}/cancel", f.cancel)
	}
	s.Handle("other", "/", func(w http.ResponseWriter, r *http.Request) {
		falDetail(w, http.StatusNotFound, "Not Found")
	})
}

// falURLs are the request's id and the URLs submit and status return; like
// fal's, they name only the owner/alias path.
func (f *Fal) falURLs(id string) map[string]any {
	u := f.srv.URL() + "/" + FalApp + "/requests/" + id
	return map[string]any{"request_id": id, "response_url": u, "status_url": u + "/status", "cancel_url": u + "/cancel"}
}

func (f *Fal) submit(w http.ResponseWriter, r *http.Request) {
	if !f.authorized(w, r) || !f.unlocked(w) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	in, issues := f.falValidate(raw)
	if len(issues) > 0 {
		WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": issues})
		return
	}
	fate, _ := fateFrom(r.Context())
	aspect := strings.ReplaceAll(in.aspect, ":", "x")
	j, _ := f.srv.NewJob(r, JobSpec{Body: raw, Media: f.srv.MediaFor(aspect), Cost: in.seconds * FalCentsPerSecond})
	f.mu.Lock()
	f.fates[j.ID] = fate
	f.mu.Unlock()
	// fal bills output seconds of a finished video and no 5xx. The fake
	// decides each job's fate here, so it records the charge now: a test
	// that reads the ledger right after a submit whose answer was lost
	// sees the job it will pay for (the conformance suite does).
	if fate.Kind == 0 {
		f.srv.Charge(Charge{JobID: j.ID, Cost: j.Cost})
		f.spend(j.Cost)
	}
	out := f.falURLs(j.ID)
	out["status"], out["queue_position"] = "IN_QUEUE", f.queuePosition(j)
	WriteJSON(w, http.StatusOK, out)
}

// queuePosition falls by one per second of queue time left, so a poller
// sees the queue move (openstory#828: a backlog looks like a hang).
func (f *Fal) queuePosition(j Job) int {
	left := f.srv.opts.Timeline.Queued - f.srv.Clock().Now().Sub(j.Created)
	return max(0, int(left/time.Second))
}

// falGate makes the checks every status, result and cancel call passes:
// the path form (fal-js#214) and the key. It answers when one fails.
func (f *Fal) falGate(w http.ResponseWriter, r *http.Request) bool {
	if f.opts.SubPathNotFound && strings.HasPrefix(r.URL.Path, "/"+FalEndpoint+"/") {
		falDetail(w, http.StatusNotFound, "Not Found")
		return false
	}
	return f.authorized(w, r)
}

// falJob finds the job a status or result call names; fal's 404 body for
// an unknown request id is inferred.
func (f *Fal) falJob(w http.ResponseWriter, r *http.Request) (Job, Phase, bool) {
	if !f.falGate(w, r) {
		return Job{}, "", false
	}
	j, phase, ok := f.srv.Job(r.PathValue("id"))
	if !ok {
		falDetail(w, http.StatusNotFound, "Request not found")
	}
	return j, phase, ok
}

// cancel answers as fal documents: 202 CANCELLATION_REQUESTED for a request
// in the queue or in progress, ALREADY_COMPLETED and NOT_FOUND otherwise
// (their statuses 400 and 404 are inferred). A cancelled job renders
// nothing, so it is not billed.
func (f *Fal) cancel(w http.ResponseWriter, r *http.Request) {
	if !f.falGate(w, r) {
		return
	}
	id := r.PathValue("id")
	j, _, ok := f.srv.Job(id)
	if !ok {
		WriteJSON(w, http.StatusNotFound, map[string]string{"status": "NOT_FOUND"})
		return
	}
	if !f.srv.Cancel(id) {
		WriteJSON(w, http.StatusBadRequest, map[string]string{"status": "ALREADY_COMPLETED"})
		return
	}
	f.srv.falRefund(id)
	f.mu.Lock()
	charged := f.fates[id].Kind == 0
	f.mu.Unlock()
	if charged {
		f.spend(-j.Cost)
	}
	WriteJSON(w, http.StatusAccepted, map[string]string{"status": "CANCELLATION_REQUESTED"})
}

// falRefund drops a job's charge.
func (s *Server) falRefund(jobID string) {
	s.mu.Lock()
	kept := s.ledger[:0]
	for _, c := range s.ledger {
		if c.JobID != jobID {
			kept = append(kept, c)
		}
	}
	s.ledger = kept
	delete(s.charged, jobID)
	s.mu.Unlock()
	s.persist(jobID)
}
