//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/lock"
)

// hostileTimeout is how long a reel run may take before it counts as a
// hang: far more than a refusal takes, far less than a CI job's timeout.
const hostileTimeout = 10 * time.Second

// hostileMaxRSS is the most memory a reel run may hold at its peak while
// it refuses a planted file: below the largest cap of any file reel reads
// whole (reel.lock's), so a run that reads what it should refuse fails.
const hostileMaxRSS = 256 << 20

// hostileRun is one run of reel as its own process.
type hostileRun struct {
	stdout, stderr string
	code           int
	peak           int64 // the process's peak resident memory, in bytes
}

// reelProcess runs reel (the test binary, which testscript.Main put on
// PATH as reel) in dir, killed after hostileTimeout.
func reelProcess(t *testing.T, dir string, args ...string) hostileRun {
	t.Helper()
	bin, err := exec.LookPath("reel")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(t.TempDir(), "cache"), "REEL_DEBUG=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("reel %s did not finish within %v (killed):\n%s", strings.Join(args, " "), hostileTimeout, errb.String())
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	r := hostileRun{stdout: out.String(), stderr: errb.String(), code: cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peak = int64(ru.Maxrss) << 10 // kilobytes on Linux and the BSDs
		if runtime.GOOS == "darwin" {
			r.peak = int64(ru.Maxrss)
		}
	}
	return r
}

// refuses asserts a run failed with exit 1, saying want, in bounded memory.
func (r hostileRun) refuses(t *testing.T, want string) {
	t.Helper()
	if r.code != exitError || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want %d, and stderr with %q:\n%s%s", r.code, exitError, want, r.stdout, r.stderr)
	}
	r.bounded(t)
}

func (r hostileRun) bounded(t *testing.T) {
	t.Helper()
	if r.peak > hostileMaxRSS {
		t.Errorf("peak memory %d MiB, want at most %d MiB", r.peak>>20, hostileMaxRSS>>20)
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

func devZero(t *testing.T, path string) {
	t.Helper()
	os.Remove(path)
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
}

// TestPlantedLockRefused: reel.lock as a symlink to /dev/zero or as a FIFO
// (git commits both kinds of thing a hostile branch needs: a symlink, or
// a script that makes a FIFO) is refused at once by every command that
// reads it, naming reel.lock and saying what it is.
func TestPlantedLockRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plant func(*testing.T, string)
		want  string
	}{
		{"symlink to /dev/zero", devZero, "reel.lock: is a symlink to /dev/zero, a device, not a regular file: reel reads only regular files; replace it with one, or remove it"},
		{"FIFO", mkfifo, "reel.lock: is a named pipe (FIFO), not a regular file: reel reads only regular files; replace it with one, or remove it"},
	} {
		dir := renderedProject(t, 2, 1)
		reelProcess(t, dir, "plan").bounded(t) // a snapshot, for the no-op path to look at
		tc.plant(t, filepath.Join(dir, lock.FileName))
		for _, args := range [][]string{
			{"status"},
			{"plan"},
			{"plan", "--revalidate"},
			{"render", "--yes", "--poll", "10ms"},
			{"gc"},
		} {
			t.Run(tc.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				reelProcess(t, dir, args...).refuses(t, tc.want)
			})
		}
	}
}

// TestPlantedRequestNotRead: a kept request (.reel/requests/xx/<key>.json)
// planted as a symlink to /dev/zero or a FIFO is taken as not kept: plan
// --diff still shows the re-render, without the field-by-field diff.
func TestPlantedRequestNotRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plant func(*testing.T, string)
	}{
		{"symlink to /dev/zero", devZero},
		{"FIFO", mkfifo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := renderedProject(t, 2, 1)
			l, err := lock.Read(filepath.Join(dir, lock.FileName))
			if err != nil {
				t.Fatal(err)
			}
			const id = "invoices/en/youtube-000/v00000"
			key := l.Videos[id].Key
			tc.plant(t, filepath.Join(dir, ".reel", "requests", key[:2], key+".json"))
			manifest := filepath.Join(dir, "videos", id+".yaml")
			edit(t, manifest, "captions: sidecar", "captions: burn_in")
			r := reelProcess(t, dir, "plan", "--diff")
			if r.code != exitOK || !strings.Contains(r.stdout, "render   "+id) || !strings.Contains(r.stdout, "the last render's is not kept") {
				t.Errorf("exit %d, want 0, a re-render of %s and no diff:\n%s%s", r.code, id, r.stdout, r.stderr)
			}
			r.bounded(t)
		})
	}
}

// TestPlantedCacheIgnored: a snapshot or a rendered keys file under
// .reel/cache planted as a FIFO or a symlink to /dev/zero is ignored, as a
// damaged cache is: the plan is made in full.
func TestPlantedCacheIgnored(t *testing.T) {
	for _, name := range []string{"snapshot", "rendered-keys"} {
		for _, plant := range []func(*testing.T, string){mkfifo, devZero} {
			dir := renderedProject(t, 2, 1)
			reelProcess(t, dir, "plan").bounded(t)
			file := filepath.Join(dir, ".reel", "cache", name)
			if _, err := os.Stat(file); err != nil {
				t.Fatalf("the first plan left no %s: %v", name, err)
			}
			plant(t, file)
			r := reelProcess(t, dir, "plan")
			if r.code != exitOK || !strings.Contains(r.stdout, "up to date. Nothing to pay.") {
				t.Errorf("%s planted: exit %d, want 0 and all up to date:\n%s%s", name, r.code, r.stdout, r.stderr)
			}
			r.bounded(t)
		}
	}
}

// TestPlantedProjectFile: a reel.yaml that is a FIFO or a folder says what
// it is, where it is, rather than that there is no reel.yaml.
func TestPlantedProjectFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plant func(*testing.T, string)
		want  string
	}{
		{"FIFO", mkfifo, "reel.yaml: is a named pipe (FIFO), not a regular file"},
		{"folder", func(t *testing.T, p string) { os.Remove(p); os.Mkdir(p, 0o755) }, "reel.yaml: is a folder, not a regular file"},
		{"symlink to /dev/zero", devZero, "reel.yaml: is a symlink to /dev/zero, a device, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := renderedProject(t, 2, 1)
			tc.plant(t, filepath.Join(dir, "reel.yaml"))
			for _, cmd := range []string{"validate", "plan", "status"} {
				reelProcess(t, dir, cmd).refuses(t, filepath.Join(dir, tc.want))
			}
		})
	}
}

// TestPlantedManifestAndAsset: a manifest or an asset planted as a FIFO
// or a symlink to /dev/zero is refused where it is named: the manifest at
// its first line, the asset at the field that names it; the other videos
// still validate.
func TestPlantedManifestAndAsset(t *testing.T) {
	const notRegular = ", not a regular file: reel reads only regular files; replace it with one, or remove it"
	for _, tc := range []struct {
		name  string
		plant func(*testing.T, string)
		file  string // planted, below the project
		want  string
	}{
		{"manifest FIFO", mkfifo, "videos/b.yaml", "videos/b.yaml:1:1: is a named pipe (FIFO)" + notRegular},
		{"manifest to /dev/zero", devZero, "videos/b.yaml", "videos/b.yaml:1:1: is a symlink to /dev/zero, a device" + notRegular},
		{"asset FIFO", mkfifo, "assets/face.png", "videos/a.yaml:1:17: avatar.image: ../assets/face.png: is a named pipe (FIFO)" + notRegular},
		{"asset to /dev/zero", devZero, "assets/face.png", "videos/a.yaml:1:17: avatar.image: ../assets/face.png: is outside the project (/dev/zero)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "reel.yaml"), "version: 1\nprovider: sandbox\ndefaults: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n")
			write(t, filepath.Join(dir, "videos", "a.yaml"), "avatar: {image: ../assets/face.png}\nscenes: [{script: Hi.}]\n")
			write(t, filepath.Join(dir, "videos", "b.yaml"), "avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Hi.}]\n")
			write(t, filepath.Join(dir, "assets", "face.png"), "\x89PNG\r\n\x1a\nnot really")
			tc.plant(t, filepath.Join(dir, filepath.FromSlash(tc.file)))
			r := reelProcess(t, dir, "validate")
			r.refuses(t, tc.want)
		})
	}
}

// TestSymlinkOutOfProjectRefused: a manifest, reel.yaml or reel.lock that a
// branch made a symlink to a file of the machine, outside the checkout (a
// credentials file in YAML), is refused where it is named, and nothing of
// the file reaches the output: read, its keys and values would be quoted
// in errors, in a CI log anyone can read. A symlink within the project is
// followed.
func TestSymlinkOutOfProjectRefused(t *testing.T) {
	const secret = "sk-live-4f9c"
	outside := filepath.Join(t.TempDir(), "credentials.yaml")
	write(t, outside, "captions: "+secret+"\nversion: "+secret+"\nvideos: {"+secret+": x}\n")
	for _, tc := range []struct {
		file string   // made a symlink to outside, below the project
		cmds []string // the commands that read it
		want string
	}{
		{"videos/b.yaml", []string{"validate", "plan"}, "videos/b.yaml:1:1: is a symlink to " + outside + ", outside the project: reel reads only the project's own files; put the file itself here, or remove the link"},
		{"reel.yaml", []string{"validate", "plan", "status"}, "reel.yaml:1:1: is a symlink to " + outside + ", outside the project"},
		{"reel.lock", []string{"plan", "status", "gc"}, "reel.lock: is a symlink to " + outside + ", outside the project"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "reel.yaml"), "version: 1\nprovider: sandbox\ndefaults: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n")
			write(t, filepath.Join(dir, "videos", "a.yaml"), "avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Hi.}]\n")
			write(t, filepath.Join(dir, "videos", "b.yaml"), "avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Hello.}]\n")
			link := filepath.Join(dir, filepath.FromSlash(tc.file))
			os.Remove(link)
			if err := os.Symlink(outside, link); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range tc.cmds {
				r := reelProcess(t, dir, cmd)
				r.refuses(t, tc.want)
				if strings.Contains(r.stdout+r.stderr, secret) {
					t.Errorf("reel %s quoted the file outside the project:\n%s%s", cmd, r.stdout, r.stderr)
				}
			}
		})
	}
	t.Run("within the project", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "reel.yaml"), "version: 1\nprovider: sandbox\ndefaults: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n")
		write(t, filepath.Join(dir, "shared", "intro.yaml"), "avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Hi.}]\n")
		if err := os.MkdirAll(filepath.Join(dir, "videos"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../shared/intro.yaml", filepath.Join(dir, "videos", "intro.yaml")); err != nil {
			t.Fatal(err)
		}
		r := reelProcess(t, dir, "validate")
		if r.code != exitOK || !strings.Contains(r.stdout, "ok: 1 video") {
			t.Errorf("exit %d, want 0 and one video:\n%s%s", r.code, r.stdout, r.stderr)
		}
	})
}

// TestLockEscapeSequenceRefused: a reel.lock a branch planted with a
// terminal's escape sequence in a video's job (it sets the window's title
// here; others write the clipboard or hide text) is refused where it is,
// and no command prints the sequence; a provider's error message recorded
// with one is shown with spaces in its place.
func TestLockEscapeSequenceRefused(t *testing.T) {
	const key = "6e1778db2e408267805e3799683a6f63627b7e3daa510e7858f7c9488b290675"
	dir := t.TempDir()
	write(t, filepath.Join(dir, "reel.yaml"), "version: 1\nprovider: sandbox\n")
	planted := "version 1\n\nvideo gone\n\tstate done\n\tprovider heygen/v3\n\tjob \"abc\\x1b]0;pwned\\adef\"\n\toutput gone.mp4\n\tkey " + key + "\n\n# end of reel.lock\n"
	write(t, filepath.Join(dir, "reel.lock"), planted)
	for _, cmd := range []string{"status", "plan", "gc"} {
		r := reelProcess(t, dir, cmd)
		r.refuses(t, "reel.lock:6:6: the job holds a control character, which reel never writes")
		if strings.ContainsRune(r.stdout+r.stderr, 0x1b) {
			t.Errorf("reel %s printed the escape sequence: %q", cmd, r.stdout+r.stderr)
		}
	}
	failed := "version 1\n\nvideo gone\n\tstate failed\n\tprovider heygen/v3\n\tjob j1\n\terror \"voice not found\\x1b]0;pwned\\a\"\n\tkey " + key + "\n\n# end of reel.lock\n"
	write(t, filepath.Join(dir, "reel.lock"), failed)
	r := reelProcess(t, dir, "status")
	if r.code != exitOK || strings.ContainsRune(r.stdout+r.stderr, 0x1b) || !strings.Contains(r.stdout, "voice not found ]0;pwned") {
		t.Errorf("exit %d, want 0 and the error shown without its escape sequence: %q", r.code, r.stdout+r.stderr)
	}
}
