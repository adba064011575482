package render_test

// The fault matrix over training: every step of a photo avatar's training
// and look generation, every way it can fail, one avatar and one video of
// its look per cell. Each cell checks that the first run pays for no step
// twice and records what it did, then clears the fault and checks that
// reruns finish the avatar and its video without paying again for what
// was paid.

import (
	"net/http"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
)

// trainSteps are the routes of a training, in the order a run meets them.
var trainSteps = []struct {
	name, route string
	paid        string // the ledger's kind of a paid step
}{
	{"upload photo", fake.RouteUpload, ""},
	{"create group", fake.RoutePhotoCreateGroup, fake.PhotoCreateGroup},
	{"group looks", fake.RoutePhotoLooks, ""},
	{"add photos", fake.RoutePhotoAdd, ""},
	{"train", fake.RoutePhotoTrain, fake.PhotoTrain},
	{"train status", fake.RoutePhotoTrainStatus, ""},
	{"generate look", fake.RoutePhotoGenerateLook, fake.PhotoGenerateLook},
	{"generation status", fake.RoutePhotoGeneration, ""},
}

// trainFault is one way a step fails; paidOnly faults exist at the paid
// steps only, late ones at the steps that start work.
type trainFault struct {
	name  string
	fault fake.Fault
	// paidOnly: only at a paid step. late: only at train and generate
	// look, whose work then fails, and is paid for again by the rerun.
	paidOnly, late bool
}

var trainFaults = []trainFault{
	{name: "500", fault: fake.Fault{Kind: fake.Status, Status: http.StatusInternalServerError}},
	{name: "503", fault: fake.Fault{Kind: fake.Status, Status: http.StatusServiceUnavailable}},
	{name: "429 once", fault: fake.Fault{Kind: fake.Status, Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1}},
	{name: "400 refused", fault: fake.Fault{Kind: fake.Status, Status: http.StatusBadRequest, Code: "invalid_parameter", Message: "mx says: refused"}},
	{name: "reset before the response", fault: fake.Fault{Kind: fake.Reset}},
	{name: "reset after acting", fault: fake.Fault{Kind: fake.Reset, After: true}, paidOnly: true},
	{name: "truncated body", fault: fake.Fault{Kind: fake.Truncated}},
	{name: "body not JSON", fault: fake.Fault{Kind: fake.NonJSON, Status: http.StatusOK}},
	{name: "fails late", fault: fake.Fault{Kind: fake.LateFailure, Message: "mx says: failed late"}, late: true},
}

func TestTrainingFaultMatrix(t *testing.T) {
	for _, st := range trainSteps {
		for _, f := range trainFaults {
			if (f.paidOnly && st.paid == "") || (f.late && st.route != fake.RoutePhotoTrain && st.route != fake.RoutePhotoGenerateLook) {
				continue
			}
			t.Run(st.name+"/"+f.name, func(t *testing.T) {
				t.Parallel()
				runTrainCell(t, st.route, st.paid, f)
			})
		}
	}
}

// trainCellFiles is one avatar with a look, and one video of the look.
func trainCellFiles() map[string]string {
	files := avatarFiles("v3")
	delete(files, "videos/hello.yaml")
	delete(files, "videos/intro.yaml")
	files["reel.yaml"] = strings.Replace(files["reel.yaml"], "  anna:\n    photos: [people/anna-front.png, people/anna-side.png]\n", "", 1)
	files["reel.yaml"] = strings.Replace(files["reel.yaml"], "photos: [people/bob.png]", "photos: [people/bob.png, people/anna-front.png]", 1)
	return files
}

func runTrainCell(t *testing.T, route, paid string, f trainFault) {
	w := newWorld(t, trainCellFiles(), fake.HeyGenOptions{API: "v3", Credits: 1 << 20, StrictCatalog: true})
	s := w.hg.Server()
	s.Inject(route, f.fault)
	res := w.render()
	if err := res.Failed["pitch"]; err != nil {
		t.Logf("first run: pitch: %v", err)
		if !strings.Contains(err.Error(), "avatar bob") {
			t.Errorf("the failure does not name the avatar: %v", err)
		}
	}
	l := w.lock() // decodes
	checkTrainPaid(t, w, l, f.late)

	// The fault clears; as long as the provider takes to finish what it
	// started passes; the next runs finish without paying twice. A look
	// generation whose answer was lost is found once its look shows, which
	// the first rerun may be too early for.
	s.Clear(route)
	forgot := false
	for try := 0; try < 3; try++ {
		w.clock.Advance(fake.DefaultTimeline.Queued + fake.DefaultTimeline.Processing)
		if res = w.render(); res.Failed["pitch"] == nil {
			break
		}
		t.Logf("rerun %d: pitch: %v", try+1, res.Failed["pitch"])
		if try == 1 && strings.Contains(res.Failed["pitch"].Error(), "reel forget --avatar bob") {
			// The person the message asks: the dashboard shows no such
			// look (the fault struck before the provider acted).
			if _, err := lock.Update(w.lockPath(), func(l *lock.Lock) error { l.ForgetAvatar("bob"); return nil }); err != nil {
				t.Fatal(err)
			}
			forgot = true
		}
	}
	if err := res.Failed["pitch"]; err != nil {
		t.Fatalf("reruns after the fault cleared: %v", err)
	}
	l = w.lock()
	checkTrainPaid(t, w, l, f.late)
	if forgot && f.fault.After {
		t.Fatal("reel asked a person to forget a look generation the provider had made")
	}
	charges := photoCharges(w)
	for _, kind := range []string{fake.PhotoCreateGroup, fake.PhotoTrain, fake.PhotoGenerateLook} {
		want := 1
		if f.late && kind == paid {
			want = 2 // the provider failed the work: it is done again, and paid again
		}
		if charges[kind] != want {
			t.Errorf("%s charged %d times, want %d", kind, charges[kind], want)
		}
	}
	w.checkPaidOnce()
	w.checkOutputs()
	if p := w.plan(); p.Pending() {
		t.Fatalf("after the reruns the plan has work: %v %v", avatarKinds(p), kinds(p))
	}
}

// checkTrainPaid: the fake created at most one group, the lock's (or one
// it is looking up: an unconfirmed create), trained each group once (but
// a training the provider failed, late) and generated looks that the lock
// records, by their generation or as found in the group, or is looking
// up.
func checkTrainPaid(t *testing.T, w *world, l *lock.Lock, late bool) {
	t.Helper()
	bob := l.Avatars["heygen/bob"]
	trains := map[string]int{}
	groups, looks := 0, 0
	for _, c := range w.hg.PhotoLedger() {
		switch c.Kind {
		case fake.PhotoCreateGroup:
			groups++
			if bob == nil || c.Group != bob.Group && bob.State != lock.AvatarCreating {
				t.Errorf("group %s was created and paid for, and reel.lock records %+v", c.Group, bob)
			}
		case fake.PhotoTrain:
			if trains[c.Group]++; trains[c.Group] > 1 && !late {
				t.Errorf("group %s trained %d times", c.Group, trains[c.Group])
			}
		case fake.PhotoGenerateLook:
			looks++
			if !generationAccounted(bob, c.ID) && !late { // a failed generation is replaced by its retry
				t.Errorf("look generation %s was paid for, and reel.lock does not record it: %+v", c.ID, bob)
			}
		}
	}
	if groups > 1 || looks > 1 && !late {
		t.Errorf("%d groups and %d look generations were paid for one avatar key", groups, looks)
	}
}

// generationAccounted reports whether the lock records the generation id:
// by its id, as a look found in the group (whose generation's answer was
// lost), or as a generation sent and being looked up.
func generationAccounted(a *lock.Avatar, id string) bool {
	if a == nil {
		return false
	}
	for _, r := range a.Looks {
		if r.Generation == id || r.State == lock.LookSent || r.State == lock.LookDone && r.Generation == "" {
			return true
		}
	}
	return false
}
