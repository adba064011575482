package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

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
		"exits":   cmdExits,
		"term":    cmdTerm,
		// reel watch in the background, and the files it reacts to
		"watch":     cmdWatch,
		"touch":     cmdTouch,
		"manifests": cmdManifests,
		"replace":   cmdReplace,
	}
}

// fakes holds the fake providers each script started, by script; scripts
// run in parallel.
var (
	fakesMu sync.Mutex
	fakes   = map[*testscript.TestScript]*fake.HeyGen{}
)

// cmdFake starts a fake HeyGen v3 for the rest of the script and points
// reel at it: fake heygen [fail=TEXT | lose=TEXT]...
//
// fail=TEXT makes the video whose create body contains TEXT (a few words
// of its script) fail late, when it would have completed, with HeyGen's
// insufficient-credit failure: the create is accepted and charged.
//
// lose=TEXT takes that video's create (and charges it) but loses the
// answer, a connection reset after the server acted, for the create and
// both of the client's re-sends: a run that renders that video alone
// cannot learn the job. (Each is sent on a new connection; net/http
// re-sends a request with an Idempotency-Key by itself only on a reused
// one.)
func cmdFake(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: fake heygen [fail=TEXT | lose=TEXT]..."
	if len(args) < 1 || args[0] != "heygen" {
		ts.Fatalf(usage)
	}
	var faults []fake.Fault
	for _, a := range args[1:] {
		name, text, _ := strings.Cut(a, "=")
		switch {
		case text == "":
			ts.Fatalf(usage)
		case name == "fail":
			faults = append(faults, fake.Fault{Kind: fake.LateFailure, Match: text, Times: 1,
				Code: lateFailureCode, Message: lateFailureMessage})
		case name == "lose":
			faults = append(faults, fake.Fault{Kind: fake.Reset, After: true, Match: text, Times: 3})
		default:
			ts.Fatalf(usage)
		}
	}
	f := fake.NewHeyGen(fake.HeyGenOptions{
		Options: fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: 50 * time.Millisecond, Processing: 100 * time.Millisecond}, MediaTTL: time.Hour},
		API:     fake.HeyGenV3,
		Credits: 1 << 40,
	})
	for _, flt := range faults {
		f.Server().Inject(fake.RouteCreate, flt)
	}
	fakesMu.Lock()
	fakes[ts] = f
	fakesMu.Unlock()
	ts.Defer(func() {
		f.Close()
		fakesMu.Lock()
		delete(fakes, ts)
		fakesMu.Unlock()
	})
	ts.Setenv("HEYGEN_API_BASE", f.BaseURL())
	ts.Setenv("HEYGEN_API_KEY", f.Key())
}

// The late failure fake heygen fail=TEXT injects: HeyGen's words for a
// video it accepted and then could not pay for.
const (
	lateFailureCode    = "MOVIO_PAYMENT_INSUFFICIENT_CREDIT"
	lateFailureMessage = "Insufficient credit. This operation requires 'api' credits."
)

// cmdCharges checks how many jobs a provider charged, each for a distinct
// render: charges sandbox|heygen N
func cmdCharges(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: charges sandbox|heygen N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	keys := map[string]int{}
	n := 0
	switch args[0] {
	case "sandbox":
		for _, v := range sandboxRecords(ts) {
			if v.Charged {
				n++
				keys[v.Key]++
			}
		}
	case "heygen":
		for _, c := range heygenFake(ts).Server().Ledger() {
			n++
			keys[c.Key]++
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

// cmdCreates checks how many create requests the fake HeyGen received:
// creates N
func cmdCreates(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: creates N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	if n := len(heygenFake(ts).Server().Requests(fake.RouteCreate)); (n == want) == neg {
		ts.Fatalf("the fake received %d creates; want %d", n, want)
	}
}

func heygenFake(ts *testscript.TestScript) *fake.HeyGen {
	fakesMu.Lock()
	f, ok := fakes[ts]
	fakesMu.Unlock()
	if !ok {
		ts.Fatalf("no fake heygen: run `fake heygen` first")
	}
	return f
}

// sandboxRecords reads the sandbox's persisted jobs.
func sandboxRecords(ts *testscript.TestScript) []fake.HeyGenRecord {
	file := filepath.Join(ts.Getenv("XDG_CACHE_HOME"), "reel", "sandbox", "state.json")
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil
	}
	ts.Check(err)
	var doc struct {
		Videos []fake.HeyGenRecord `json:"videos"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		ts.Fatalf("%s: %v", file, err)
	}
	return doc.Videos
}
