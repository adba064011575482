package main

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/rogpeppe/go-internal/testscript"
)

// canaryKey is the API key the secrets scripts use: recognisable, so a
// script can assert that it appears nowhere reel writes.
const canaryKey = "sk-LEAKCANARY-0f1e2d3c4b5a69788796a5b4c3d2e1f0"

// TestSecretScripts runs testdata/secrets/*.txtar: reel render against a
// fake HeyGen that takes canaryKey, with faults at every step, checking
// stdout, stderr, --json events, REEL_DEBUG=http output, reel.lock and the
// outputs for the key.
func TestSecretScripts(t *testing.T) {
	cmds := scriptCmds()
	cmds["canary"] = cmdCanary
	testscript.Run(t, testscript.Params{
		Dir:  filepath.Join("testdata", "secrets"),
		Cmds: cmds,
		Setup: func(e *testscript.Env) error {
			jsonKept(e)
			e.Setenv("XDG_CACHE_HOME", filepath.Join(e.WorkDir, ".cache"))
			e.Setenv("CANARY", canaryKey)
			return nil
		},
	})
}

// cmdCanary drives a fake HeyGen v3 that takes canaryKey:
//
//	canary heygen                 start it; HEYGEN_API_KEY is the canary
//	canary inject ROUTE FAULT     FAULT: echo (400 repeating the credential
//	                              headers), 500, reset, late (the job fails
//	                              when done), expired (403 from the media host)
//	canary clear ROUTE
func cmdCanary(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: canary heygen | canary inject ROUTE echo|500|reset|late|expired | canary clear ROUTE"
	if neg || len(args) == 0 {
		ts.Fatalf(usage)
	}
	switch args[0] {
	case "heygen":
		f := fake.NewHeyGen(fake.HeyGenOptions{
			Options: fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: 50 * time.Millisecond, Processing: 100 * time.Millisecond}, MediaTTL: time.Hour},
			API:     fake.HeyGenV3,
			Key:     canaryKey,
			Credits: 1 << 40,
		})
		keepFake(ts, "heygen", f)
		ts.Setenv("HEYGEN_API_BASE", f.BaseURL())
		ts.Setenv("HEYGEN_API_KEY", canaryKey)
	case "inject":
		if len(args) != 3 {
			ts.Fatalf(usage)
		}
		var flt fake.Fault
		switch args[2] {
		case "echo":
			flt = fake.Fault{Kind: fake.EchoAuth}
		case "500":
			flt = fake.Fault{Kind: fake.Status, Status: 500}
		case "reset":
			flt = fake.Fault{Kind: fake.Reset}
		case "late":
			flt = fake.Fault{Kind: fake.LateFailure, Code: "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", Message: "Insufficient credit.", Times: 1}
		case "expired":
			flt = fake.Fault{Kind: fake.Status, Status: 403, Message: "Request has expired"}
		default:
			n, err := strconv.Atoi(args[2])
			if err != nil {
				ts.Fatalf(usage)
			}
			flt = fake.Fault{Kind: fake.Status, Status: n}
		}
		heygenFake(ts).Server().Inject(args[1], flt)
	case "clear":
		if len(args) != 2 {
			ts.Fatalf(usage)
		}
		heygenFake(ts).Server().Clear(args[1])
	default:
		ts.Fatalf(usage)
	}
}
