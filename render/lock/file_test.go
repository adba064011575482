package lock

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const (
	helperEnv    = "REEL_LOCK_TEST_HELPER" // "update" or "hold"
	helperPath   = "REEL_LOCK_TEST_PATH"
	helperWorker = "REEL_LOCK_TEST_WORKER"
	rounds       = 20
	workers      = 8
)

// helperMain runs in a re-executed test binary: another reel, as far as
// the lock can tell.
func helperMain() int {
	path := os.Getenv(helperPath)
	var err error
	switch os.Getenv(helperEnv) {
	case "update":
		err = work(path, os.Getenv(helperWorker))
	case "hold":
		_, err = Update(path, func(*Lock) error {
			fmt.Println("held")
			_, err := bufio.NewReader(os.Stdin).ReadString('\n') // until the test closes stdin
			if err != nil && err.Error() != "EOF" {
				return err
			}
			return nil
		})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// work is one writer: each round adds a new video and re-renders its own,
// so a lost update shows as a missing video or a short history.
func work(path, w string) error {
	for r := 0; r < rounds; r++ {
		_, err := Update(path, func(l *Lock) error {
			l.Set(done(fmt.Sprintf("%s/r%02d", w, r), "k"+w))
			l.Set(done(w, fmt.Sprintf("%s-%d", w, r)))
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func checkNoneLost(t *testing.T, path string, ws []string) {
	t.Helper()
	l, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(l.Videos), len(ws)*(rounds+1); got != want {
		t.Errorf("%d videos, want %d", got, want)
	}
	for _, w := range ws {
		e := l.Videos[w]
		if e == nil || e.Key != renderKey(fmt.Sprintf("%s-%d", w, rounds-1)) || len(e.History) != MaxHistory {
			t.Errorf("video %s: %+v", w, e)
			continue
		}
		if h := e.History[0].Key; h != renderKey(fmt.Sprintf("%s-%d", w, rounds-2)) {
			t.Errorf("video %s: newest history %s", w, h)
		}
	}
	assertNoStrays(t, filepath.Dir(path))
}

func assertNoStrays(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != FileName {
			t.Errorf("stray file %s", e.Name())
		}
	}
}

func TestUpdateGoroutines(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	var ws []string
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		w := "g" + strconv.Itoa(i)
		ws = append(ws, w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- work(path, w)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	checkNoneLost(t, path, ws)
}

func helper(t *testing.T, mode, path string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, helperEnv+"="+mode, helperPath+"="+path)...)
	cmd.Stderr = os.Stderr
	return cmd
}

func TestUpdateProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var cmds []*exec.Cmd
	var ws []string
	for i := 0; i < workers; i++ {
		w := "p" + strconv.Itoa(i)
		ws = append(ws, w)
		cmd := helper(t, "update", path, helperWorker+"="+w)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
	checkNoneLost(t, path, ws)
}

func stat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func TestUpdateNoOpLeavesFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if _, err := Update(path, func(*Lock) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a no-op on no lock created one: %v", err)
	}
	if _, err := Update(path, func(l *Lock) error { l.Set(done("a", "k")); return nil }); err != nil {
		t.Fatal(err)
	}
	before := stat(t, path)
	for _, fn := range []func(*Lock) error{
		func(*Lock) error { return nil },
		func(l *Lock) error { l.Set(done("a", "k")); return nil }, // same values again
		func(l *Lock) error { l.Set(done("b", "k")); return errors.New("fn failed") },
	} {
		Update(path, fn)
		if after := stat(t, path); !after.ModTime().Equal(before.ModTime()) || !os.SameFile(before, after) {
			t.Errorf("file rewritten: mtime %v→%v, same inode %v", before.ModTime(), after.ModTime(), os.SameFile(before, after))
		}
	}
	if _, err := Update(path, func(l *Lock) error { l.Remove("a"); return nil }); err != nil {
		t.Fatal(err)
	}
	if os.SameFile(before, stat(t, path)) {
		t.Error("a real change did not replace the file")
	}
	assertNoStrays(t, dir)
}

func TestUpdateRefusesDamagedOrNewer(t *testing.T) {
	for _, in := range []string{"version 2\n", "version 1\n\nvideo a\n\tkey k\n\tstate weird\n"} {
		path := filepath.Join(t.TempDir(), FileName)
		os.WriteFile(path, []byte(in), 0o644)
		_, err := Update(path, func(l *Lock) error { l.Set(done("b", "k")); return nil })
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), path+":") {
			t.Errorf("got %v, want a ParseError naming %s", err, path)
		}
		if got, _ := os.ReadFile(path); string(got) != in {
			t.Errorf("damaged lock was rewritten:\n%s", got)
		}
	}
}

func TestUpdateRemovesStaleTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	os.WriteFile(filepath.Join(dir, ".reel.lock.tmp-123"), []byte("half"), 0o600)
	if _, err := Update(path, func(l *Lock) error { l.Set(done("a", "k")); return nil }); err != nil {
		t.Fatal(err)
	}
	assertNoStrays(t, dir)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode())
	}
}

func TestReadMissingIsEmpty(t *testing.T) {
	l, err := Read(filepath.Join(t.TempDir(), FileName))
	if err != nil || l.Videos == nil || len(l.Videos) != 0 {
		t.Fatalf("%v %+v", l, err)
	}
}

func assertBusy(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	_, err := UpdateContext(ctx, path, func(*Lock) error { called = true; return nil })
	if !errors.Is(err, ErrBusy) || !errors.Is(err, context.Canceled) || called {
		t.Fatalf("got %v (fn called %v), want ErrBusy", err, called)
	}
	if want := path + ": another reel is writing reel.lock"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %q, want it to start with %q", err, want)
	}
}

func TestUpdateBusyGoroutine(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	held, release := make(chan struct{}), make(chan struct{})
	first := make(chan error)
	go func() {
		_, err := Update(path, func(l *Lock) error {
			close(held)
			<-release
			l.Set(done("a", "k"))
			return nil
		})
		first <- err
	}()
	<-held
	assertBusy(t, path)
	second := make(chan error)
	go func() { // waits, then sees the first writer's entry
		_, err := UpdateContext(context.Background(), path, func(l *Lock) error {
			if l.Videos["a"] == nil {
				return errors.New("first writer's entry not seen")
			}
			l.Set(done("b", "k"))
			return nil
		})
		second <- err
	}()
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
}

func TestUpdateBusyProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	cmd := helper(t, "hold", path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "held\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	assertBusy(t, path)
	stdin.Close()
	if _, err := Update(path, func(l *Lock) error { l.Set(done("a", "k")); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
}
