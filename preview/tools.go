package preview

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
)

// tool is a program preview runs and the Debian package that brings it.
type tool struct{ name, pkg string }

// needed lists the programs a draft needs, in the order they are looked
// up and named.
var needed = []tool{
	{"espeak-ng", "espeak-ng"},
	{"ffmpeg", "ffmpeg"},
	{"ffprobe", "ffmpeg"},
}

// MissingToolError is one or more programs a draft needs that are not
// on PATH, and the Debian packages that bring them.
type MissingToolError struct {
	Tools    []string // the programs: espeak-ng, ffmpeg, ffprobe
	Packages []string // the packages that bring them, each once
}

func (e *MissingToolError) Error() string {
	verb := "is"
	if len(e.Tools) > 1 {
		verb = "are"
	}
	return "drafts need " + strings.Join(e.Tools, " and ") + ", which " + verb +
		" not installed: install with `apt-get install " + strings.Join(e.Packages, " ") +
		"` (Debian, Ubuntu), then run again; nothing else in reel needs them"
}

// Tools are the programs a draft runs, found on PATH.
type Tools struct {
	Espeak, FFmpeg, FFprobe string // their paths
	// Run runs one command to its end; nil runs it as it is. Tests count
	// or fake the runs through it.
	Run func(*exec.Cmd) error

	voicesOnce sync.Once
	voices     map[string]bool // espeak-ng's voice names, lower-case
	voicesErr  error
}

// FindTools looks up espeak-ng, ffmpeg and ffprobe on PATH; any missing
// make one *MissingToolError that names them all.
func FindTools() (*Tools, error) {
	paths := map[string]string{}
	missing := &MissingToolError{}
	for _, t := range needed {
		p, err := exec.LookPath(t.name)
		if err != nil {
			missing.Tools = append(missing.Tools, t.name)
			if !contains(missing.Packages, t.pkg) {
				missing.Packages = append(missing.Packages, t.pkg)
			}
			continue
		}
		paths[t.name] = p
	}
	if len(missing.Tools) > 0 {
		return nil, missing
	}
	return &Tools{Espeak: paths["espeak-ng"], FFmpeg: paths["ffmpeg"], FFprobe: paths["ffprobe"]}, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ToolError is a run of a tool that failed: which tool, doing what, and
// the end of what it said.
type ToolError struct {
	Tool   string
	Doing  string // "speaking scene 2", "assembling the draft"
	Stderr string // the last lines the tool wrote
	Err    error
}

func (e *ToolError) Error() string {
	msg := "reel: " + e.Tool + " failed " + e.Doing + ": " + e.Err.Error()
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

func (e *ToolError) Unwrap() error { return e.Err }

// run runs the tool at path with args in dir, and returns what it wrote
// to stdout (at most maxOut bytes). A failure is a *ToolError with the end
// of its stderr.
func (t *Tools) run(ctx context.Context, doing, dir, path string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	stdout := &headBuffer{max: maxOut}
	stderr := &tailBuffer{max: 2048}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = waitDelay
	run := t.Run
	if run == nil {
		run = (*exec.Cmd).Run
	}
	if err := run(cmd); err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		return nil, &ToolError{Tool: toolName(path), Doing: doing, Stderr: stderr.lastLines(), Err: err}
	}
	if stdout.cut {
		return nil, &ToolError{Tool: toolName(path), Doing: doing, Err: errors.New("it wrote more than expected")}
	}
	return stdout.buf, nil
}

func toolName(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}
