package render

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/render/plan"
)

// Shard is one share of a run's work, --shard I/N: the videos whose render
// key falls in share I of N. The share is a pure function of the key, so
// N runners of one CI job, each given its own I, split the work with no
// overlap and no coordination, and videos of one key land in one share.
// Shards that die are covered by leases: a retry or a later run, of any
// shard, picks up what is left.
type Shard struct{ I, N int }

// ParseShard reads I/N, 1 ≤ I ≤ N.
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, ierr := strconv.Atoi(is)
	n, nerr := strconv.Atoi(ns)
	if !ok || ierr != nil || nerr != nil || n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("shard %q is not I/N with 1 ≤ I ≤ N", s)
	}
	return Shard{I: i, N: n}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// Has reports whether the render key is this shard's: the key's first 64
// bits (a render key is a SHA-256, so they are evenly spread) modulo N.
// A key that is not hex (none of reel's) goes to the first shard.
func (s Shard) Has(key string) bool {
	if s.N <= 1 {
		return true
	}
	b, err := hex.DecodeString(key[:min(16, len(key))])
	if err != nil || len(b) < 8 {
		return s.I == 1
	}
	return int(binary.BigEndian.Uint64(b)%uint64(s.N)) == s.I-1
}

// Narrow keeps the actions of p that are this shard's, with the total of
// what they cost, and returns how many actions with work to do it left to
// other shards.
func (s Shard) Narrow(p *plan.Plan) int {
	kept := p.Actions[:0]
	var total plan.Cost
	others := 0
	for _, a := range p.Actions {
		if !s.Has(a.Key) {
			if a.Kind != plan.OK && a.Kind != plan.Orphan {
				others++
			}
			continue
		}
		kept = append(kept, a)
		if a.Kind.Paid() {
			total = total.Add(a.Cost)
		}
	}
	p.Actions, p.Total = kept, total
	return others
}
