package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileInputsRefused: manifests that reach outside the project, or at
// files reel must not read or upload, are each refused at the field that
// names them, with file:line:col and what to do, before anything is read,
// hashed or spent. (More cases live in testdata/invalid: output-dotdot,
// output-absolute, asset-image-is-text, asset-audio-is-png, yaml-huge-file.)
func TestHostileInputsRefused(t *testing.T) {
	video := func(avatar string) string {
		return "avatar: {image: " + avatar + "}\nvoice: {id: v}\nscenes: [{script: Hi.}]\n"
	}
	for _, tc := range []struct {
		name  string
		files project
		setup func(t *testing.T, dir string)
		want  string // the whole error line, as reel validate prints it
	}{
		{
			name:  "/etc/shadow by absolute path",
			files: project{"videos/a.yaml": video("/etc/shadow")},
			want:  `videos/a.yaml:1:17: avatar.image: "/etc/shadow" is an absolute path: give a path relative to this file, inside the project`,
		},
		{
			name:  "/etc/shadow by climbing out",
			files: project{"videos/a.yaml": video("../../../../../../../../../../etc/shadow")},
			want:  `videos/a.yaml:1:17: avatar.image: ../../../../../../../../../../etc/shadow: is outside the project (/etc/shadow): keep assets inside the project so every checkout renders the same`,
		},
		{
			name:  "a symlink to /etc/shadow",
			files: project{"videos/a.yaml": video("../assets/face.png")},
			setup: func(t *testing.T, dir string) { symlink(t, "/etc/shadow", filepath.Join(dir, "assets", "face.png")) },
			want:  `videos/a.yaml:1:17: avatar.image: ../assets/face.png: is outside the project (/etc/shadow): keep assets inside the project so every checkout renders the same`,
		},
		{
			name:  "a symlinked folder out of the project",
			files: project{"videos/a.yaml": video("../assets/people/face.png")},
			setup: func(t *testing.T, dir string) {
				outside := t.TempDir()
				writeFile(t, filepath.Join(outside, "face.png"), []byte(portrait))
				symlink(t, outside, filepath.Join(dir, "assets", "people"))
			},
			want: `videos/a.yaml:1:17: avatar.image: ../assets/people/face.png: is outside the project (`,
		},
		{
			name:  "a 2 GB asset",
			files: project{"videos/a.yaml": video("../assets/huge.png")},
			setup: func(t *testing.T, dir string) {
				// sparse: os.Truncate makes the size without writing it
				p := filepath.Join(dir, "assets", "huge.png")
				writeFile(t, p, []byte(portrait))
				if err := os.Truncate(p, 2<<30); err != nil {
					t.Fatal(err)
				}
			},
			want: `videos/a.yaml:1:17: avatar.image: ../assets/huge.png: is 2048 MB; the largest asset reel uploads is 100 MB`,
		},
		{
			name:  "an output path that climbs out through a folder",
			files: project{"reel.yaml": keyProject + "defaults: {voice: {id: v}}\n", "videos/a.yaml": "avatar: {id: x}\noutput: shorts/../../../escape.mp4\nscenes: [{script: Hi.}]\n"},
			want:  `videos/a.yaml:2:9: output: "shorts/../../../escape.mp4" leaves output_dir: give a path inside it, e.g. a.mp4`,
		},
		{
			name:  "an image that is really a text file",
			files: project{"videos/a.yaml": video("../assets/face.png"), "assets/face.png": "root:x:0:0:root:/root:/bin/bash\n"},
			want:  `videos/a.yaml:1:17: avatar.image: ../assets/face.png: is not an image, audio or video file reel knows (a text file): use PNG or JPEG images, WAV or MP3 audio, MP4 or WebM video`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := project{"reel.yaml": keyProject}
			for k, v := range tc.files {
				files[k] = v
			}
			for name, content := range files {
				writeFile(t, filepath.Join(dir, name), []byte(content))
			}
			if tc.setup != nil {
				os.MkdirAll(filepath.Join(dir, "assets"), 0o755)
				tc.setup(t, dir)
			}
			p, err := LoadProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			set, err := Load(p, Options{Providers: TestProviders})
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Videos) != 0 {
				t.Errorf("%d videos loaded; a refused manifest must render nothing", len(set.Videos))
			}
			got := errorLines(set, dir)
			if !strings.Contains(got, tc.want) {
				t.Fatalf("errors:\n%s\nwant a line starting:\n%s", got, tc.want)
			}
		})
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}
