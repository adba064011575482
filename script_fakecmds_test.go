package main

import (
	"strconv"

	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/rogpeppe/go-internal/testscript"
)

// credits is a fake's starting balance from cmdFake's credits=N, or more
// than any script spends.
func credits(opts map[string]string) int {
	if n, err := strconv.Atoi(opts["credits"]); err == nil {
		return n
	}
	return 1 << 40
}

// cmdCredits sets the balance of the account behind a script's fake, as
// buying credits does: credits heygen|pixeldojo N
func cmdCredits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: credits heygen|pixeldojo N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	switch f := scriptFakeOf(ts, args[0]).(type) {
	case *fake.HeyGen:
		f.SetCredits(n)
	case *fake.PixelDojo:
		f.SetCredits(n)
	default:
		ts.Fatalf("the fake of %s has no balance", args[0])
	}
}

// cmdCalls checks how many requests a script's fake received on one of its
// routes (fake.Route*: create, status, account, ...): calls VENDOR ROUTE N
func cmdCalls(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: calls VENDOR ROUTE N")
	}
	want, err := strconv.Atoi(args[2])
	ts.Check(err)
	if n := len(scriptFakeOf(ts, args[0]).Server().Requests(args[1])); (n == want) == neg {
		ts.Fatalf("the %s fake received %d %s calls; want %d", args[0], n, args[1], want)
	}
}

// cmdHeal clears the faults `fake` injected into a script's fake: heal
// heygen|gmi
func cmdHeal(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: heal VENDOR")
	}
	scriptFakeOf(ts, args[0]).Server().Clear(fake.RouteCreate)
}
