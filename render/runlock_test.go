package render

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestRunLockExcludesASecondRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "reel.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	unlock, err := LockRun(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LockRun(dir, 0); !errors.Is(err, ErrBusy) {
		t.Fatalf("a second run got %v, want ErrBusy", err)
	}
	unlock()
	again, err := LockRun(dir, 0)
	if err != nil {
		t.Fatalf("after the first run ended: %v", err)
	}
	again()
}
