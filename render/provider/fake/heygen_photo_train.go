package fake

import (
	"net/http"
	"time"
)

// photoTrain is POST /v2/photo_avatar/train {group_id}: the group's
// training starts and runs on the Training timeline. A LateFailure fault
// on the route fails it at its end with the fault's message, a Stuck one
// never ends it, a Cancelled one fails it when it leaves the queue. A
// group already in training is refused (inferred: no source says what
// HeyGen does), so a second train is never silently merged into the
// first; a trained or failed group may be trained again, and is charged
// again. The answer's data is a flow id, as one public client reads it
// (another reads null).
func (h *HeyGen) photoTrain(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	in, ok := photoBody(w, r)
	if !ok {
		return
	}
	c := &heygenCheck{}
	c.known("", in, "group_id")
	groupID := c.str("", in, "group_id", true)
	if photoRefused(w, c) {
		return
	}
	now := h.srv.clock.Now()
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.group(groupID)
	if !ok {
		photoNoGroup(w, groupID)
		return
	}
	if phase, trained := h.trainPhase(g); trained && (phase == PhaseQueued || phase == PhaseProcessing) {
		heygenWriteV2Error(w, http.StatusBadRequest, "training_in_progress",
			"Avatar group "+g.ID+" is already being trained; wait for its training status")
		return
	}
	t := HeyGenTrainingRecord{Started: now}
	if f, ok := fateFrom(r.Context()); ok {
		switch f.Kind {
		case LateFailure:
			t.FailCode, t.FailMessage = f.Code, heygenOr(f.Message, "training failed")
		case Stuck:
			t.Stuck = true
		case Cancelled:
			t.FailCode, t.FailMessage = "cancelled", "The training was cancelled"
		}
	}
	g.Trainings = append(g.Trainings, t)
	p.charge(PhotoTrain, g.ID, g.ID)
	p.save(g)
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"flow_id": derivedID("flow", g.ID, now.String())}})
}

// photoTrainStatus is GET /v2/photo_avatar/train/status/{group_id}:
// status (pending, then TrainingWord, then ReadyWord or failed; "empty"
// before any training), error_msg, created_at and updated_at.
func (h *HeyGen) photoTrainStatus(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	p := h.photos
	p.mu.Lock()
	defer p.mu.Unlock()
	id := r.PathValue("group_id")
	g, ok := p.group(id)
	if !ok {
		photoNoGroup(w, id)
		return
	}
	word, msg := h.trainWord(g)
	d := map[string]any{"status": word, "error_msg": heygenNil(msg), "created_at": g.Created.Unix(), "updated_at": nil}
	if n := len(g.Trainings); n > 0 {
		d["updated_at"] = g.Trainings[n-1].Started.Unix()
	}
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": d})
}

// trainPhase is where the group's latest training is; trained is false
// when it was never trained.
func (h *HeyGen) trainPhase(g *HeyGenPhotoRecord) (phase Phase, trained bool) {
	n := len(g.Trainings)
	if n == 0 {
		return "", false
	}
	t := g.Trainings[n-1]
	return photoPhase(t.Started, h.srv.clock.Now(), h.photos.opts.Training, t.Stuck, t.FailMessage != ""), true
}

// trainWord is the group's training status word, and its error message
// when the training failed.
func (h *HeyGen) trainWord(g *HeyGenPhotoRecord) (word, msg string) {
	phase, trained := h.trainPhase(g)
	switch {
	case !trained:
		return "empty", ""
	case phase == PhaseQueued:
		return "pending", ""
	case phase == PhaseProcessing:
		return h.photos.opts.TrainingWord, ""
	case phase == PhaseCompleted:
		return h.photos.opts.ReadyWord, ""
	}
	return "failed", g.Trainings[len(g.Trainings)-1].FailMessage
}

// trained reports whether the group's latest training succeeded.
func (h *HeyGen) trained(g *HeyGenPhotoRecord) bool {
	phase, trained := h.trainPhase(g)
	return trained && phase == PhaseCompleted
}

// photoPhase is where a training or look generation that started at start
// is at now on timeline t.
func photoPhase(start, now time.Time, t Timeline, stuck, fails bool) Phase {
	age := now.Sub(start)
	switch {
	case age < t.Queued:
		return PhaseQueued
	case stuck || age < t.Queued+t.Processing:
		return PhaseProcessing
	case fails:
		return PhaseFailed
	}
	return PhaseCompleted
}
