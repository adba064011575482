package heygen

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// paidStep is one paid photo avatar call, ready to be made: ready brings
// the fake to the state the call needs and returns the call.
type paidStep struct {
	name, route string
	ready       func(t *testing.T, f *fake.HeyGen, p *PhotoClient) func() error
}

var paidSteps = []paidStep{
	{"create group", fake.RoutePhotoCreateGroup, func(t *testing.T, f *fake.HeyGen, p *PhotoClient) func() error {
		key := uploadPhotos(t, p, 1)[0]
		return func() error { _, err := p.CreateGroup(context.Background(), "Anna", key); return err }
	}},
	{"train", fake.RoutePhotoTrain, func(t *testing.T, f *fake.HeyGen, p *PhotoClient) func() error {
		key := uploadPhotos(t, p, 1)[0]
		g, err := p.CreateGroup(context.Background(), "Anna", key)
		if err != nil {
			t.Fatal(err)
		}
		return func() error { return p.Train(context.Background(), g.ID) }
	}},
	{"generate look", fake.RoutePhotoGenerateLook, func(t *testing.T, f *fake.HeyGen, p *PhotoClient) func() error {
		g := trainedGroup(t, f, p, 1)
		spec := LookSpec{Prompt: "In an office", Orientation: "square", Pose: "half_body", Style: "Realistic"}
		return func() error { _, err := p.GenerateLook(context.Background(), g.ID, spec); return err }
	}},
}

// charges counts the ledger's entries of one kind of paid call.
func charges(f *fake.HeyGen, route string) int {
	kind := map[string]string{fake.RoutePhotoCreateGroup: fake.PhotoCreateGroup, fake.RoutePhotoTrain: fake.PhotoTrain,
		fake.RoutePhotoGenerateLook: fake.PhotoGenerateLook}[route]
	n := 0
	for _, c := range f.PhotoLedger() {
		if c.Kind == kind {
			n++
		}
	}
	return n
}

// Each fault on each paid call: a call whose answer was lost, or that a
// 5xx answered, may have been taken: it is uncertain, and it is sent once,
// never again, whether HeyGen took it (charged once) or not (charged
// never). A 429 is a refusal without effect and is sent again; a 400 is a
// certain refusal.
func TestPhotoPaidCallFaults(t *testing.T) {
	for _, step := range paidSteps {
		for _, tc := range []struct {
			name             string
			fault            fake.Fault
			uncertain        bool
			sent, charged    int
			certainlyRefused bool
		}{
			{"500 after taking it", fake.Fault{Kind: fake.Status, Status: 500, After: true}, true, 1, 1, false},
			{"502 before taking it", fake.Fault{Kind: fake.Status, Status: 502}, true, 1, 0, false},
			{"reset after taking it", fake.Fault{Kind: fake.Reset, After: true}, true, 1, 1, false},
			{"proxy page after taking it", fake.Fault{Kind: fake.NonJSON, After: true}, true, 1, 1, false},
			{"answer cut short", fake.Fault{Kind: fake.Truncated}, true, 1, 1, false},
			{"answer stalls", fake.Fault{Kind: fake.SlowBody}, true, 1, 1, false},
			{"429", fake.Fault{Kind: fake.Status, Status: 429, RetryAfter: "1", Times: 1}, false, 2, 1, false},
			{"400", fake.Fault{Kind: fake.Status, Status: 400, Code: "invalid_parameter", Message: "bad"}, false, 1, 0, true},
		} {
			t.Run(step.name+"/"+tc.name, func(t *testing.T) {
				o := noSleep
				clock := providertest.NewStallClock()
				o.Clock = clock
				f, p := startPhotos(t, fake.HeyGenOptions{}, o)
				clock.Watch(f.Server())
				call := step.ready(t, f, p)
				f.Server().Inject(step.route, tc.fault)
				err := call()
				var he *provider.HTTPError
				switch {
				case tc.uncertain && !provider.Uncertain(err):
					t.Fatalf("err %v, want uncertain", err)
				case !tc.uncertain && provider.Uncertain(err):
					t.Fatalf("err %v, want certain", err)
				case tc.certainlyRefused && (!errors.As(err, &he) || he.Status != 400 || he.Code != "invalid_parameter"):
					t.Fatalf("err %v, want the 400", err)
				case !tc.uncertain && !tc.certainlyRefused && err != nil:
					t.Fatalf("err %v, want success", err)
				}
				if n := len(f.Server().Requests(step.route)); n != tc.sent {
					t.Fatalf("sent %d times, want %d", n, tc.sent)
				}
				if n := charges(f, step.route); n != tc.charged {
					t.Fatalf("charged %d times, want %d", n, tc.charged)
				}
			})
		}
	}
}

// A paid call that could not leave the machine (the connection refused)
// did nothing: it says so and is not uncertain.
func TestPhotoPaidCallNotSent(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	p, err := NewPhotoClient(Config{BaseURL: closed, UploadURL: closed, Key: fake.HeyGenKey, HTTPOptions: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"create group":  func() error { _, err := p.CreateGroup(ctx, "Anna", "image/abc/original"); return err },
		"train":         func() error { return p.Train(ctx, "g") },
		"generate look": func() error { _, err := p.GenerateLook(ctx, "g", LookSpec{Prompt: "x"}); return err },
	} {
		err := call()
		var he *provider.HTTPError
		if !errors.As(err, &he) || !he.NotSent || provider.Uncertain(err) {
			t.Fatalf("%s: %v, want surely not sent", name, err)
		}
	}
}
