package render_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

func TestParseShard(t *testing.T) {
	for _, s := range []string{"1/1", "1/3", "3/3", "7/10"} {
		sh, err := render.ParseShard(s)
		if err != nil || sh.String() != s {
			t.Errorf("ParseShard(%q) = %v, %v", s, sh, err)
		}
	}
	for _, s := range []string{"", "3", "0/3", "4/3", "-1/3", "1/0", "a/b", "1/3/5", " 1/3"} {
		if _, err := render.ParseShard(s); err == nil || !strings.Contains(err.Error(), "is not I/N with 1 ≤ I ≤ N") {
			t.Errorf("ParseShard(%q): %v, want an error saying what to write", s, err)
		}
	}
}

// TestShardsSplitTheWork: for every N, the N shards take each render key
// exactly once, every shard takes some of them, and a plan narrowed to a
// shard keeps the cost of its own paid actions only.
func TestShardsSplitTheWork(t *testing.T) {
	keys := make([]string, 600)
	for i := range keys {
		sum := sha256.Sum256(fmt.Appendf(nil, "render %d", i))
		keys[i] = hex.EncodeToString(sum[:])
	}
	for n := 1; n <= 5; n++ {
		taken := make([]int, n)
		for _, k := range keys {
			owners := 0
			for i := 1; i <= n; i++ {
				if (render.Shard{I: i, N: n}).Has(k) {
					owners++
					taken[i-1]++
				}
			}
			if owners != 1 {
				t.Fatalf("N=%d: key %s is in %d shards", n, k[:8], owners)
			}
		}
		for i, c := range taken {
			if c == 0 {
				t.Errorf("N=%d: shard %d takes no key of %d", n, i+1, len(keys))
			}
		}
	}
	p := &plan.Plan{}
	for i, k := range keys[:30] {
		p.Actions = append(p.Actions, plan.Action{ID: fmt.Sprint(i), Kind: plan.Create, Key: k, Cost: plan.Cost{USD: 1}})
		p.Total = p.Total.Add(plan.Cost{USD: 1})
	}
	sh := render.Shard{I: 2, N: 3}
	others := sh.Narrow(p)
	if len(p.Actions)+others != 30 || p.Total.USD != float64(len(p.Actions)) {
		t.Fatalf("narrowed to %d actions ($%.0f), %d left to others", len(p.Actions), p.Total.USD, others)
	}
	for _, a := range p.Actions {
		if !sh.Has(a.Key) {
			t.Fatalf("%s kept by a shard that does not have its key", a.ID)
		}
	}
}
