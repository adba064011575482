package main

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/rogpeppe/go-internal/testscript"
)

// extraCmds are the script commands of drafts and test renders: the tools
// drafts need, a PATH without them, what the drafts folder holds, and
// what the fake HeyGen was sent.
func extraCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(*testscript.TestScript, bool, []string){
		"needtools": cmdNeedTools,
		"onlyreel":  cmdOnlyReel,
		"drafts":    cmdDrafts,
		"sent":      cmdSent,
		"serve":     cmdServe,
	}
}

// withCmds is cmds with more commands added.
func withCmds(cmds, more map[string]func(*testscript.TestScript, bool, []string)) map[string]func(*testscript.TestScript, bool, []string) {
	maps.Copy(cmds, more)
	return cmds
}

// cmdNeedTools fails the script under CI (CI=true), where .ci/run
// installs them, when a program it names is not on PATH; elsewhere the
// script's [!exec:NAME] skip lines that follow skip it:
// needtools espeak-ng ffmpeg ffprobe
func cmdNeedTools(ts *testscript.TestScript, neg bool, args []string) {
	for _, name := range args {
		if _, err := exec.LookPath(name); err != nil && os.Getenv("CI") == "true" {
			ts.Fatalf("%s is not installed (.ci/run installs it)", name)
		}
	}
}

// cmdOnlyReel empties PATH of everything but reel itself, as on a
// machine without espeak-ng and ffmpeg: onlyreel
func cmdOnlyReel(ts *testscript.TestScript, neg bool, args []string) {
	for _, dir := range filepath.SplitList(ts.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(dir, "reel")); err == nil {
			ts.Setenv("PATH", dir)
			return
		}
	}
	ts.Fatalf("reel is not on PATH")
}

// cmdDrafts checks the project's drafts: N MP4 files in .reel/drafts,
// each with a video and an audio stream that play for some time, and
// each with its lengths file beside it: drafts N
func cmdDrafts(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: drafts N")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	mp4s, err := filepath.Glob(ts.MkAbs(filepath.Join(".reel", "drafts", "*.mp4")))
	ts.Check(err)
	if len(mp4s) != want {
		ts.Fatalf(".reel/drafts holds %d drafts; want %d", len(mp4s), want)
	}
	tools, err := preview.FindTools()
	ts.Check(err)
	for _, mp4 := range mp4s {
		p, err := tools.Probe(context.Background(), mp4)
		if err != nil || !p.Video || !p.Audio || p.Seconds <= 0 {
			ts.Fatalf("%s: %+v, %v: want a video and an audio stream that play", filepath.Base(mp4), p, err)
		}
		if _, err := os.Stat(strings.TrimSuffix(mp4, ".mp4") + ".json"); err != nil {
			ts.Fatalf("%s has no lengths file beside it: %v", filepath.Base(mp4), err)
		}
	}
}

// cmdSent checks how many of the creates the fake HeyGen received carry
// TEXT in their body: sent N TEXT
func cmdSent(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: sent N TEXT")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	n := 0
	for _, r := range heygenFake(ts).Server().Requests(fake.RouteCreate) {
		if strings.Contains(string(r.Body), args[1]) {
			n++
		}
	}
	if (n == want) == neg {
		ts.Fatalf("the fake received %d creates with %s; want %d", n, args[1], want)
	}
}
