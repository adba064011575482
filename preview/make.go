package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Make makes the draft of d in dir as <key>.mp4, unless it is there
// already, and returns it with its measured lengths. Only a draft not yet
// made needs espeak-ng and ffmpeg: a missing one is a *MissingToolError.
func Make(ctx context.Context, d Draft, dir string) (Result, error) {
	if r, ok := Cached(dir, d.Key); ok {
		return r, nil
	}
	t, err := FindTools()
	if err != nil {
		return Result{}, err
	}
	return t.Make(ctx, d, dir)
}

// Make is Make with these tools.
func (t *Tools) Make(ctx context.Context, d Draft, dir string) (Result, error) {
	if err := d.check(); err != nil {
		return Result{}, err
	}
	if r, ok := Cached(dir, d.Key); ok {
		return r, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	work, err := os.MkdirTemp(dir, ".making-"+d.Key[:12]+"-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(work)
	a, err := t.prepare(ctx, d, work)
	if err != nil {
		return Result{}, err
	}
	if err := t.assemble(ctx, a, work, "draft.mp4"); err != nil {
		return Result{}, err
	}
	r := Result{Path: draftPath(dir, d.Key), Seconds: a.total(), Scenes: a.lengths, Built: true}
	if err := keep(dir, d.Key, filepath.Join(work, "draft.mp4"), r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// prepare puts every input of the draft in the working folder: each
// script spoken, each audio file and image copied, and each scene's
// length measured; then the captions and card.
func (t *Tools) prepare(ctx context.Context, d Draft, work string) (assembly, error) {
	a := assembly{d: d, subtitleFile: "draft.ass"}
	for i, s := range d.Scenes {
		name, length, err := t.sound(ctx, s, i, work)
		if err != nil {
			return a, err
		}
		a.audio = append(a.audio, name)
		a.lengths = append(a.lengths, length)
		if a.total() > MaxSeconds {
			return a, badDraft(s.Where, "the draft runs past %d minutes by scene %d: a video is shorter; shorten its scenes", MaxSeconds/60, i+1)
		}
	}
	var err error
	if d.Avatar.Image != "" {
		if a.avatar, err = copyImage(d.Avatar.Image, work, "avatar", d.Avatar.Where); err != nil {
			return a, err
		}
	}
	if d.Background.Image != "" {
		if a.background, err = copyImage(d.Background.Image, work, "background", d.Background.Where); err != nil {
			return a, err
		}
	}
	return a, a.writeText(work)
}

// minSpeech is the shortest a spoken scene lasts: a script of only
// punctuation says nothing, and a scene needs a frame.
const minSpeech = 0.1

// sound is scene i's sound in the working folder (its name there, or ""
// for a silence) and how long it plays.
func (t *Tools) sound(ctx context.Context, s Scene, i int, work string) (string, float64, error) {
	switch {
	case strings.TrimSpace(s.Script) != "":
		name := fmt.Sprintf("scene-%d.wav", i+1)
		l, err := t.speak(ctx, work, name, s, i)
		return name, max(l, minSpeech), err
	case s.Audio != "":
		name := fmt.Sprintf("scene-%d.audio", i+1)
		if _, err := copyAsset(s.Audio, work, name); err != nil {
			return "", 0, fmt.Errorf("%sscene %d: %w", at(s.Where), i+1, err)
		}
		p, err := t.Probe(ctx, filepath.Join(work, name))
		if err != nil || !p.Audio {
			return "", 0, badDraft(s.Where, "scene %d: %s is not an audio file ffmpeg can read: give a WAV or MP3 file", i+1, s.Audio)
		}
		return name, p.Seconds, nil
	default:
		return "", s.Silence, nil
	}
}

// writeText writes the captions and the avatar's card for libass.
func (a assembly) writeText(work string) error {
	var cues []cue
	if a.d.Captions == BurnInCaptions {
		cues = captionCues(a.d.Scenes, spans(a.lengths))
	}
	card := ""
	if a.avatar == "" {
		card = cardText(a.d.Avatar.ID)
	}
	f, err := os.Create(filepath.Join(work, a.subtitleFile))
	if err != nil {
		return err
	}
	if err := assFile(f, a.d, cues, card, a.total()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// assemble has ffmpeg put the draft together as out in the working
// folder.
func (t *Tools) assemble(ctx context.Context, a assembly, work, out string) error {
	if err := os.WriteFile(filepath.Join(work, "graph.txt"), []byte(a.graph()), 0o600); err != nil {
		return err
	}
	args := append([]string{"-hide_banner", "-nostdin", "-loglevel", "error"}, a.inputs()...)
	args = append(args, a.outputArgs("graph.txt", out)...)
	_, err := t.run(ctx, "assembling the draft", work, t.FFmpeg, args...)
	return err
}
