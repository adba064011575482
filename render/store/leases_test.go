package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/store"
)

// race has n goroutines acquire one lease at once and returns the holders
// that won.
func race(t *testing.T, s *store.Store, key string, n int) []string {
	var (
		mu    sync.Mutex
		won   []string
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			holder := fmt.Sprintf("machine-%d", i)
			<-start
			_, err := s.Acquire(context.Background(), key, holder, time.Minute)
			var held *store.HeldError
			switch {
			case err == nil:
				mu.Lock()
				won = append(won, holder)
				mu.Unlock()
			case errors.As(err, &held):
				if held.Lease.Holder == holder {
					t.Errorf("%s was told it is held by itself", holder)
				}
			default:
				t.Errorf("%s: %v", holder, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	return won
}

func TestLeaseRaceGoroutines(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		key := hexKey(1)
		if won := race(t, s, key, 16); len(won) != 1 {
			t.Fatalf("winners of a new lease: %v, want exactly one", won)
		}
		clk.Add(2 * time.Minute) // the lease expired: a take-over race
		if won := race(t, s, key, 16); len(won) != 1 {
			t.Fatalf("winners of an expired lease: %v, want exactly one", won)
		}
	})
}

func TestLeaseRaceProcesses(t *testing.T) {
	exe, err := os.Executable()
	must(t, err)
	eachBackend(t, func(t *testing.T, url string, s *store.Store, _ *fakeClock) {
		const n = 6
		key := hexKey(2)
		var outs []*strings.Builder
		var stdins []io.Closer
		var cmds []*exec.Cmd
		for i := range n {
			cmd := exec.Command(exe)
			cmd.Env = append(os.Environ(), childEnv+"=1", "REEL_STORE_URL="+url,
				"REEL_STORE_KEY="+key, fmt.Sprintf("REEL_STORE_HOLDER=process-%d", i))
			out := &strings.Builder{}
			cmd.Stdout, cmd.Stderr = out, out
			in, err := cmd.StdinPipe()
			must(t, err)
			must(t, cmd.Start())
			cmds, outs, stdins = append(cmds, cmd), append(outs, out), append(stdins, in)
		}
		for _, in := range stdins {
			in.Close()
		}
		won := 0
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("process %d: %v: %s", i, err, outs[i])
			}
			switch strings.TrimSpace(outs[i].String()) {
			case "won":
				won++
			case "held":
			default:
				t.Fatalf("process %d said %q", i, outs[i])
			}
		}
		if won != 1 {
			t.Fatalf("%d of %d processes won the lease, want exactly one", won, n)
		}
		info, err := s.ReadLease(context.Background(), key)
		must(t, err)
		if !strings.HasPrefix(info.Holder, "process-") {
			t.Fatalf("lease holder %q", info.Holder)
		}
	})
}

func TestLeaseRenewExpireTakeOver(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		key := hexKey(3)
		a, err := s.Acquire(ctx, key, "a", time.Minute)
		must(t, err)
		_, err = s.Acquire(ctx, key, "b", time.Minute)
		var held *store.HeldError
		if !errors.As(err, &held) || held.Lease.Holder != "a" {
			t.Fatalf("b's acquire of a's live lease: %v, want held by a", err)
		}
		clk.Add(50 * time.Second)
		must(t, s.Renew(ctx, a, time.Minute))
		clk.Add(50 * time.Second) // past the first expiry, before the renewed one
		if _, err := s.Acquire(ctx, key, "b", time.Minute); !errors.Is(err, store.Held) {
			t.Fatalf("b's acquire of a renewed lease: %v, want held", err)
		}
		clk.Add(11 * time.Second) // a died: its lease expired
		b, err := s.Acquire(ctx, key, "b", time.Minute)
		must(t, err)
		info, err := s.ReadLease(ctx, key)
		must(t, err)
		if info.Holder != "b" || !info.Live(clk.Now()) {
			t.Fatalf("lease after take-over: %+v", info)
		}
		wantKind(t, s.Renew(ctx, a, time.Minute), store.Lost)
		wantKind(t, s.Release(ctx, a), store.Lost)
		must(t, s.Release(ctx, b))
		c, err := s.Acquire(ctx, key, "c", time.Minute) // a released lease is free at once
		must(t, err)
		if c.Holder != "c" {
			t.Fatalf("holder %q", c.Holder)
		}
	})
}

func TestLeaseRejectsKeysThatAreNotHex(t *testing.T) {
	s, err := store.Open(context.Background(), "file://"+t.TempDir(), store.Options{})
	must(t, err)
	for _, key := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("a", 63) + "/"} {
		_, err := s.Acquire(context.Background(), key, "a", time.Minute)
		wantKind(t, err, store.Invalid)
	}
}
