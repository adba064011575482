//go:build unix

package preview

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
)

// TestHostileAssets: a FIFO or a device where an asset should be is
// refused at once, naming where it was given, and a file that is not an
// image is refused as one; no tool runs and nothing hangs.
func TestHostileAssets(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "voice.wav")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "face.png")
	os.Symlink("/dev/zero", zero)
	text := filepath.Join(dir, "notes.png")
	os.WriteFile(text, []byte("not a picture"), 0o644)
	base := Draft{Key: key('3'), Width: 64, Height: 36, Scenes: []Scene{{Silence: 1}}}
	for _, c := range []struct {
		name string
		edit func(*Draft)
		want string
	}{
		{"audio FIFO", func(d *Draft) { d.Scenes = []Scene{{Audio: fifo, Where: "videos/a.yaml:7:5"}} }, "videos/a.yaml:7:5: scene 1: " + fifo + ": is a named pipe"},
		{"avatar /dev/zero", func(d *Draft) { d.Avatar = Avatar{Image: zero, Where: "videos/a.yaml:3:9"} }, "videos/a.yaml:3:9: " + zero + ": is a symlink to /dev/zero"},
		{"background text", func(d *Draft) { d.Background = Background{Image: text, Where: "videos/a.yaml:5:13"} }, "videos/a.yaml:5:13: " + text + " is not a PNG, JPEG, GIF or WebP image"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := base
			c.edit(&d)
			done := make(chan error, 1)
			go func() { _, err := noRuns(t).Make(context.Background(), d, t.TempDir()); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v, want an error containing %q", err, c.want)
				}
			case <-time.After(time.Minute):
				t.Fatal("Make hung on a hostile asset")
			}
		})
	}
	var notRegular *safefile.NotRegularError
	d := base
	d.Scenes = []Scene{{Audio: fifo}}
	if _, err := noRuns(t).Make(context.Background(), d, t.TempDir()); !errors.As(err, &notRegular) {
		t.Errorf("a FIFO's error is %T, want a *safefile.NotRegularError", err)
	}
}
