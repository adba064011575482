//go:build unix

package main

// The store across machines (DESIGN.md's store, issue 19's "done when"):
// clones of one repo, each reel a process of its own, sharing a real S3
// server and a fake provider whose ledger counts what was paid.

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/store/s3test"
)

// TestStoreTeam: two clones render the same videos at once and each render
// key is paid once; then clones that did not render take everything from
// the store: a plan counts it done, a render and a fetch restore every
// output byte for byte with the provider out of reach, and reel lock sync
// writes the lock the renderers wrote.
func TestStoreTeam(t *testing.T) {
	srv := s3test.Start(t)
	// HeyGen v2 has no idempotency key: a second create of a key is a
	// second charge, so only the store keeps the clones from paying twice.
	tm := newStoreTeam(t, srv, fake.HeyGenV2, 8)
	a, b := tm.clone("a"), tm.clone("b")

	t.Run("two clones at once", func(t *testing.T) {
		runs := together(a, b)
		for i, r := range runs {
			if r.code != 0 {
				t.Fatalf("clone %d: exit %d:\n%s%s", i, r.code, r.stdout, r.stderr)
			}
		}
		entries := tm.checkClone(a)
		tm.checkClone(b)
		tm.checkStore(entries)
		tm.checkCharges(keysOf(entries, nil))
		sameOutputs(t, a, b)
		if la, lb := readFile(t, a.dir, "reel.lock"), readFile(t, b.dir, "reel.lock"); la != lb {
			t.Errorf("the clones' reel.lock differ:\n%s\n---\n%s", la, lb)
		}
	})

	creates := len(tm.hg.Server().Requests(fake.RouteCreate))
	unreachable := []string{"HEYGEN_API_BASE=http://127.0.0.1:1", "HEYGEN_API_KEY="}

	t.Run("plan without the records", func(t *testing.T) {
		c := tm.clone("c")
		r := c.run("plan", "--check")
		if r.code != 0 || !strings.Contains(r.stdout, "Plan: 8 to download. Nothing to pay.") {
			t.Fatalf("reel plan --check in a clone whose reel.lock lacks the renders: exit %d, want 0 and 8 to download:\n%s%s", r.code, r.stdout, r.stderr)
		}
		r = c.run("plan", "--json")
		var doc struct{ Actions []struct{ Action string } }
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != 0 {
			t.Fatalf("reel plan --json: exit %d, %v:\n%s%s", r.code, err, r.stdout, r.stderr)
		}
		for _, a := range doc.Actions {
			if a.Action != "download" {
				t.Fatalf("reel plan --json plans %q where the store has the render:\n%s", a.Action, r.stdout)
			}
		}
		r = c.run("plan", "--offline")
		if !strings.Contains(r.stdout, "8 to create") {
			t.Fatalf("reel plan --offline should plan from reel.lock alone, 8 to create:\n%s%s", r.stdout, r.stderr)
		}
	})

	t.Run("fresh clone renders from the store", func(t *testing.T) {
		c := tm.clone("fresh")
		c.env = append(c.env, unreachable...)
		r := c.mustRender()
		if !strings.Contains(r.stdout, "Rendered 0, downloaded 8") {
			t.Fatalf("want 8 downloads and nothing rendered:\n%s", r.stdout)
		}
		tm.checkClone(c)
		sameOutputs(t, a, c)
	})

	t.Run("fresh clone fetches from the store", func(t *testing.T) {
		c := tm.clone("fetch")
		c.env = append(c.env, unreachable...)
		copyFile(t, filepath.Join(a.dir, "reel.lock"), filepath.Join(c.dir, "reel.lock"))
		copyDir(t, filepath.Join(a.dir, ".reel", "requests"), filepath.Join(c.dir, ".reel", "requests"))
		r := c.run("fetch")
		if r.code != 0 || !strings.Contains(r.stdout, "Fetched 8 of 8") {
			t.Fatalf("reel fetch: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		tm.checkClone(c)
		sameOutputs(t, a, c)
	})

	t.Run("lock sync", func(t *testing.T) {
		c := tm.clone("sync")
		r := c.run("lock", "sync")
		if r.code != 0 || !strings.Contains(r.stdout, "Synced 8 renders") {
			t.Fatalf("reel lock sync: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		if la, lc := readFile(t, a.dir, "reel.lock"), readFile(t, c.dir, "reel.lock"); la != lc {
			t.Errorf("reel lock sync wrote another lock than the renderer's:\n%s\n---\n%s", la, lc)
		}
		if r := c.run("lock", "sync"); r.code != 0 || !strings.Contains(r.stdout, "reel.lock already records the current render of every video.") {
			t.Errorf("a second reel lock sync: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		c.team.n++ // a new video in this clone, which no machine rendered
		c.write()
		c.team.n-- // the team's other clones are as they were
		if r := c.run("lock", "sync"); r.code != 0 || !strings.Contains(r.stdout, "The store holds no render of the 1 video reel.lock lacks (as its manifest is now): reel render makes it.") {
			t.Errorf("reel lock sync of a video the store lacks: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	if n := len(tm.hg.Server().Requests(fake.RouteCreate)); n != creates {
		t.Errorf("the clones that did not render sent %d creates", n-creates)
	}

	t.Run("another machine's unconfirmed create", func(t *testing.T) {
		a.team.n++ // a new video, whose create a runner that is gone started
		a.write()
		r := a.run("plan", "--json")
		var doc struct{ Actions []struct{ ID, Key string } }
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatalf("plan --json: %v\n%s", err, r.stdout)
		}
		key := doc.Actions[len(doc.Actions)-1].Key
		if _, won, err := tm.store().Intend(context.Background(), key, "gone-runner", "heygen/v2"); err != nil || !won {
			t.Fatalf("intend: %v %v", won, err)
		}
		before := len(tm.hg.Server().Requests(fake.RouteCreate))
		r = a.render()
		if r.code != exitError || !strings.Contains(r.stderr, "gone-runner started creating this render") || !strings.Contains(r.stderr, "reel forget clip08") {
			t.Fatalf("render over another machine's unconfirmed create: exit %d, want 1 naming it and reel forget:\n%s", r.code, r.stderr)
		}
		if n := len(tm.hg.Server().Requests(fake.RouteCreate)); n != before {
			t.Fatalf("%d creates sent over it", n-before)
		}
		r = a.run("forget", "clip08")
		if r.code != 0 || !strings.Contains(r.stdout, "forgot gone-runner's unconfirmed create of clip08") {
			t.Fatalf("reel forget clip08: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
		}
		if r := a.mustRender(); !strings.Contains(r.stdout, "Rendered 1,") {
			t.Fatalf("after reel forget: %s", r.stdout)
		}
	})
	tm.checkCharges(keysOf(a.lock().Videos, nil))
}

// TestStoreShards: three runners of one CI job render --shard 1/3, 2/3 and
// 3/3 at once: every video is rendered exactly once, each by one shard.
func TestStoreShards(t *testing.T) {
	srv := s3test.Start(t)
	tm := newStoreTeam(t, srv, fake.HeyGenV2, 12)
	clones := []*storeClone{tm.clone("shard1"), tm.clone("shard2"), tm.clone("shard3")}
	runs := make([]procRun, len(clones))
	var wg sync.WaitGroup
	for i, c := range clones {
		wg.Go(func() { runs[i] = c.render("--shard", []string{"1/3", "2/3", "3/3"}[i]) })
	}
	wg.Wait()
	owner := map[string]string{} // video → the shard that rendered it
	for i, c := range clones {
		if runs[i].code != 0 {
			t.Fatalf("%s: exit %d:\n%s%s", c.name, runs[i].code, runs[i].stdout, runs[i].stderr)
		}
		for id, e := range c.lock().Videos {
			if e.State == "done" {
				if was, ok := owner[id]; ok {
					t.Errorf("%s was rendered by %s and %s", id, was, c.name)
				}
				owner[id] = c.name
			}
		}
	}
	if len(owner) != tm.n {
		t.Fatalf("the shards rendered %d videos of %d: %v", len(owner), tm.n, owner)
	}
	// the first runner, unsharded, then has the others' renders from the store
	clones[0].mustRender()
	entries := tm.checkClone(clones[0])
	tm.checkStore(entries)
	tm.checkCharges(keysOf(entries, nil))

	r := clones[0].run("render", "--shard", "4/3")
	if r.code != exitUsage || !strings.Contains(r.stderr, `reel: --shard "4/3": want I/N with 1 ≤ I ≤ N`) {
		t.Errorf("--shard 4/3: exit %d, want 2 and what to write:\n%s", r.code, r.stderr)
	}
}

// together renders in each clone at once.
func together(clones ...*storeClone) []procRun {
	runs := make([]procRun, len(clones))
	var wg sync.WaitGroup
	for i, c := range clones {
		wg.Go(func() { runs[i] = c.render() })
	}
	wg.Wait()
	return runs
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		copyFile(t, path, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
