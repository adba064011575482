package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/rogpeppe/go-internal/testscript"
)

// scriptCmds are the commands the txtar scripts have beyond testscript's:
// fake providers that live for the script, and their ledgers.
func scriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(*testscript.TestScript, bool, []string){
		"fake":    cmdFake,
		"charges": cmdCharges,
		"creates": cmdCreates,
		"lockset": cmdLockSet,
		"exits":   cmdExits,
		"term":    cmdTerm,
		// reel watch in the background, and the files it reacts to
		"watch":     cmdWatch,
		"touch":     cmdTouch,
		"manifests": cmdManifests,
		"replace":   cmdReplace,
		// damage to a file, as a crash, a disk or a bad copy leaves it
		"cut": cmdCut,
		// a data file of many rows
		"csvrows": cmdCSVRows,
		// an account's balance, the calls a fake received, its faults cleared
		"credits": cmdCredits,
		"calls":   cmdCalls,
		"heal":    cmdHeal,
	}
}

// fakes holds the fake providers each script started, by script and
// provider; scripts run in parallel.
var (
	fakesMu sync.Mutex
	fakes   = map[*testscript.TestScript]map[string]scriptFake{}
)

// scriptFake is a fake provider a script started: its server keeps the
// ledger.
type scriptFake interface {
	Server() *fake.Server
	Close()
}

// keepFake keeps f as the script's fake of vendor until the script ends.
func keepFake(ts *testscript.TestScript, vendor string, f scriptFake) {
	fakesMu.Lock()
	if fakes[ts] == nil {
		fakes[ts] = map[string]scriptFake{}
	}
	fakes[ts][vendor] = f
	fakesMu.Unlock()
	ts.Defer(func() {
		f.Close()
		fakesMu.Lock()
		delete(fakes[ts], vendor)
		if len(fakes[ts]) == 0 {
			delete(fakes, ts)
		}
		fakesMu.Unlock()
	})
}

// scriptTimeline is the fakes' timeline in scripts: quick, on the wall
// clock.
var scriptTimeline = fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: 50 * time.Millisecond, Processing: 100 * time.Millisecond}, MediaTTL: time.Hour}

// cmdFake starts a fake provider for the rest of the script and points
// reel at it:
//
//	fake heygen [api=v3|v2|av4] [credits=N] [fail=TEXT | lose=TEXT]...
//	fake gmi [fail=TEXT | cancel=TEXT]...
//	fake pixeldojo [credits=N]
//
// credits=N is the account's balance (without it, more than any script
// spends): HeyGen v3 and PixelDojo refuse a create it cannot pay for with
// 402, HeyGen's v2 and av4 fail the video late.
//
// api= chooses the API the fake speaks (v3 by default); the project's
// reel.yaml must choose the same one. v2 and av4 have no idempotency key,
// so a create sent twice is paid twice; neither has GMI's queue.
//
// fail=TEXT makes the video whose create body contains TEXT (a few words
// of its script) fail late, when it would have completed, with HeyGen's
// failure for a video over the plan's length (seed 004's 40119): the
// create is accepted and charged. (A failure for want of credit would
// stop the run's other creates: credits=N shows that.)
//
// lose=TEXT takes that video's create (and charges it) but loses the
// answer, a connection reset after the server acted, for every attempt
// until `heal heygen`: a run that renders that video alone cannot learn
// the job, however often its client and net/http (which re-sends a
// request with an Idempotency-Key on a reused connection) send it.
//
// cancel=TEXT makes that video's request cancelled while it is queued, as
// in GMI's console: the create is accepted and charged.
func cmdFake(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: fake heygen [api=v3|v2|av4] [credits=N] [fail=TEXT | lose=TEXT]... | fake gmi [fail=TEXT | cancel=TEXT]... | fake pixeldojo [credits=N]"
	if neg || len(args) < 1 {
		ts.Fatalf(usage)
	}
	opts, faults, ok := fakeArgs(args)
	if !ok {
		ts.Fatalf(usage)
	}
	var f interface {
		scriptFake
		BaseURL() string
		Key() string
	}
	switch args[0] {
	case "heygen":
		f = fake.NewHeyGen(fake.HeyGenOptions{Options: scriptTimeline, API: opts["api"], Credits: credits(opts)})
	case "gmi":
		f = fake.NewGMI(fake.GMIOptions{Options: scriptTimeline})
	case "pixeldojo":
		f = fake.NewPixelDojo(fake.PixelDojoOptions{Options: scriptTimeline, Credits: credits(opts)})
	}
	for _, flt := range faults {
		f.Server().Inject(fake.RouteCreate, flt)
	}
	keepFake(ts, args[0], f)
	prefix := strings.ToUpper(args[0])
	ts.Setenv(prefix+"_API_BASE", f.BaseURL())
	ts.Setenv(prefix+"_API_KEY", f.Key())
	if hg, ok := f.(*fake.HeyGen); ok {
		ts.Setenv(prefix+"_UPLOAD_BASE", hg.UploadURL()) // photos, Avatar IV's assets
	}
}

// fakeArgs reads cmdFake's arguments: the options it takes and the faults
// it injects; ok is false for any it does not know.
func fakeArgs(args []string) (opts map[string]string, faults []fake.Fault, ok bool) {
	vendor, opts := args[0], map[string]string{"api": fake.HeyGenV3}
	if vendor != "heygen" && vendor != "gmi" && vendor != "pixeldojo" {
		return nil, nil, false
	}
	for _, a := range args[1:] {
		name, text, _ := strings.Cut(a, "=")
		switch {
		case text == "":
			return nil, nil, false
		case name == "api" && vendor == "heygen":
			if text != fake.HeyGenV3 && text != fake.HeyGenV2 && text != fake.HeyGenAV4 {
				return nil, nil, false
			}
			opts["api"] = text
		case name == "credits" && vendor != "gmi":
			if n, err := strconv.Atoi(text); err != nil || n < 1 {
				return nil, nil, false
			}
			opts["credits"] = text
		case name == "fail" && vendor != "pixeldojo":
			faults = append(faults, fake.Fault{Kind: fake.LateFailure, Match: text, Times: 1,
				Code: lateFailureCode, Message: lateFailureMessage})
		case name == "lose" && vendor == "heygen":
			faults = append(faults, fake.Fault{Kind: fake.Reset, After: true, Match: text})
		case name == "cancel" && vendor == "gmi":
			faults = append(faults, fake.Fault{Kind: fake.Cancelled, Match: text, Times: 1})
		default:
			return nil, nil, false
		}
	}
	return opts, faults, true
}

// The late failure fake heygen fail=TEXT injects: HeyGen's words for a
// video it accepted and then found too long for the plan (seed 004).
const (
	lateFailureCode    = "40119"
	lateFailureMessage = "Video is too long"
)

// cmdCharges checks how many jobs a provider charged, each for a distinct
// render: charges heygen|gmi|sandbox|sandbox:heygen|sandbox:fal|
// sandbox:pixeldojo|sandbox:gmi N. heygen and gmi count the ledger of the
// script's fake; sandbox counts the jobs of every fake of the sandbox,
// read from their state files; sandbox:<vendor> those of one.
//
// charges heygen|sandbox|sandbox:heygen groups|trainings|looks N counts
// HeyGen's paid photo avatar calls instead: groups created, trainings
// started and looks generated; a group trained twice fails the script.
func cmdCharges(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 3 {
		cmdPhotoCharges(ts, neg, args)
		return
	}
	if len(args) != 2 {
		ts.Fatalf("usage: charges heygen|gmi|pixeldojo|sandbox|sandbox:heygen|sandbox:fal|sandbox:pixeldojo|sandbox:gmi [groups|trainings|looks] N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	keys := map[string]int{}
	n := 0
	vendor, sandboxed := strings.CutPrefix(args[0], "sandbox:")
	switch {
	case args[0] == "heygen" || args[0] == "gmi" || args[0] == "pixeldojo":
		for _, c := range scriptFakeOf(ts, args[0]).Server().Ledger() {
			n++
			if c.Key != "" { // v2, Avatar IV and GMI creates carry no idempotency key to group by
				keys[c.Key]++
			}
		}
	case args[0] == "sandbox" || sandboxed:
		if vendor == "sandbox" || vendor == "heygen" {
			for _, v := range sandboxRecords(ts) {
				if v.Charged {
					n++
					keys[v.Key]++
				}
			}
		}
		for _, name := range []string{"fal", "pixeldojo", "gmi"} {
			if vendor == "sandbox" || vendor == name {
				n += sandboxCharged(ts, name)
			}
		}
	default:
		ts.Fatalf("unknown provider %q", args[0])
	}
	for k, c := range keys {
		if c > 1 {
			ts.Fatalf("%s charged %d jobs for one render (idempotency key %s)", args[0], c, k)
		}
	}
	if (n == want) == neg {
		ts.Fatalf("%s charged %d jobs; want %d", args[0], n, want)
	}
}

// photoKinds are the ledger's kinds by the word charges counts them by.
var photoKinds = map[string]string{"groups": fake.PhotoCreateGroup, "trainings": fake.PhotoTrain, "looks": fake.PhotoGenerateLook}

// cmdPhotoCharges is charges VENDOR groups|trainings|looks N.
func cmdPhotoCharges(ts *testscript.TestScript, neg bool, args []string) {
	kind, ok := photoKinds[args[1]]
	want, err := strconv.Atoi(args[2])
	if !ok || err != nil {
		ts.Fatalf("usage: charges heygen|sandbox|sandbox:heygen groups|trainings|looks N")
	}
	var ledger []fake.PhotoCharge
	switch args[0] {
	case "heygen":
		ledger = heygenFake(ts).PhotoLedger()
	case "sandbox", "sandbox:heygen":
		ledger = sandboxPhotoLedger(ts)
	default:
		ts.Fatalf("%s trains no photo avatars", args[0])
	}
	n, trained := 0, map[string]int{}
	for _, c := range ledger {
		if c.Kind == fake.PhotoTrain {
			if trained[c.Group]++; trained[c.Group] > 1 {
				ts.Fatalf("%s trained group %s %d times", args[0], c.Group, trained[c.Group])
			}
		}
		if c.Kind == kind {
			n++
		}
	}
	if (n == want) == neg {
		ts.Fatalf("%s charged %d %s; want %d", args[0], n, args[1], want)
	}
}

// sandboxPhotoLedger is the paid photo avatar calls of the sandbox's
// HeyGen fake, as its groups (photos.json) record them.
func sandboxPhotoLedger(ts *testscript.TestScript) []fake.PhotoCharge {
	var out []fake.PhotoCharge
	for _, g := range sandboxState[fake.HeyGenPhotoRecord](ts, "photos.json") {
		out = append(out, fake.PhotoCharge{Kind: fake.PhotoCreateGroup, Group: g.ID, ID: g.ID})
		for range g.Trainings {
			out = append(out, fake.PhotoCharge{Kind: fake.PhotoTrain, Group: g.ID, ID: g.ID})
		}
		for _, gen := range g.Generations {
			out = append(out, fake.PhotoCharge{Kind: fake.PhotoGenerateLook, Group: g.ID, ID: gen.ID})
		}
	}
	return out
}

// cmdCreates checks how many create requests a fake received (HeyGen's
// by default): creates [heygen|gmi|pixeldojo] N
func cmdCreates(ts *testscript.TestScript, neg bool, args []string) {
	vendor := "heygen"
	if len(args) == 2 {
		vendor, args = args[0], args[1:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: creates [heygen|gmi|pixeldojo] N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	if n := len(scriptFakeOf(ts, vendor).Server().Requests(fake.RouteCreate)); (n == want) == neg {
		ts.Fatalf("the fake received %d creates; want %d", n, want)
	}
}

// scriptFakeOf is the script's fake of vendor.
func scriptFakeOf(ts *testscript.TestScript, vendor string) scriptFake {
	fakesMu.Lock()
	f, ok := fakes[ts][vendor]
	fakesMu.Unlock()
	if !ok {
		ts.Fatalf("no fake %s: run `fake %s` first", vendor, vendor)
	}
	return f
}

func heygenFake(ts *testscript.TestScript) *fake.HeyGen {
	return scriptFakeOf(ts, "heygen").(*fake.HeyGen)
}

// sandboxRecords reads the jobs of the sandbox's HeyGen fake.
func sandboxRecords(ts *testscript.TestScript) []fake.HeyGenRecord {
	return sandboxState[fake.HeyGenRecord](ts, "state.json")
}

// sandboxCharged counts the charged jobs of the sandbox's fal, PixelDojo
// or GMI fake (vendor), which have no idempotency key to tell apart.
func sandboxCharged(ts *testscript.TestScript, vendor string) int {
	n := 0
	for _, j := range sandboxState[fake.JobRecord](ts, vendor+".json") {
		if j.Charged {
			n++
		}
	}
	return n
}

// sandboxState reads one of the sandbox's state files.
func sandboxState[R any](ts *testscript.TestScript, name string) []R {
	file := filepath.Join(ts.Getenv("XDG_CACHE_HOME"), "reel", "sandbox", name)
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil
	}
	ts.Check(err)
	var doc struct {
		Videos []R `json:"videos"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		ts.Fatalf("%s: %v", file, err)
	}
	return doc.Videos
}

// cmdCut cuts a file short, as a crash, a full disk or a bad copy would:
//
//	cut FILE before=TEXT   keep what comes before TEXT's first occurrence
//	cut FILE bytes=N       drop the last N bytes
func cmdCut(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: cut FILE before=TEXT | cut FILE bytes=N"
	if neg || len(args) != 2 {
		ts.Fatalf(usage)
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	keep := -1
	if text, ok := strings.CutPrefix(args[1], "before="); ok && text != "" {
		keep = strings.Index(string(data), text)
	} else if n, ok := strings.CutPrefix(args[1], "bytes="); ok {
		cut, err := strconv.Atoi(n)
		if err == nil && cut > 0 && cut <= len(data) {
			keep = len(data) - cut
		}
	} else {
		ts.Fatalf(usage)
	}
	if keep < 0 {
		ts.Fatalf("cut %s %s: no such place in the file", args[0], args[1])
	}
	ts.Check(os.WriteFile(file, data[:keep], 0o644))
}

// cmdLockSet rewrites one field of a video in a lock as a branch could,
// with the block's check line made anew (a hostile lock can be well
// formed): lockset FILE ID output VALUE
func cmdLockSet(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 4 || args[2] != "output" {
		ts.Fatalf("usage: lockset FILE ID output VALUE")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	l, err := lock.Decode(data)
	ts.Check(err)
	e := l.Videos[args[1]]
	if e == nil {
		ts.Fatalf("%s: no video %q", args[0], args[1])
	}
	e.Output = args[3]
	data, err = lock.Encode(l)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}
