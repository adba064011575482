package review

import (
	_ "embed"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed page.html
var pageHTML string

// pageTemplate is the page's template, parsed when a page is first
// written: not in every run of reel.
var pageTemplate = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pageHTML))
})

// view is the page as its template reads it: every value already words.
type view struct {
	Title, Count, Length, Money string
	Videos                      []videoView
}

type videoView struct {
	Video
	Anchor, Src, KindNote, Length, Money string
}

// Write writes the review page of p into dir: dir/index.html and, under
// dir/media, each video's media, linked or copied there so the folder
// stands alone. Media no longer on the page is removed from dir/media.
func Write(dir string, p Page) error {
	media := filepath.Join(dir, "media")
	if err := os.MkdirAll(media, 0o755); err != nil {
		return err
	}
	v := view{Title: p.Title, Length: length(p.Total()), Money: money(p.Total()), Count: count(len(p.Videos))}
	if v.Title == "" {
		v.Title = "reel review"
	}
	kept := map[string]bool{}
	for i, vid := range p.Videos {
		vv := videoView{Video: vid, Anchor: fmt.Sprintf("video-%d", i+1), Length: length(vid.Cost), Money: money(vid.Cost), KindNote: kindNote(vid.MediaKind)}
		if vid.Media != "" {
			name := mediaName(i, vid.ID, vid.Media)
			if err := place(vid.Media, filepath.Join(media, name)); err != nil {
				return fmt.Errorf("review of %s: %w", vid.ID, err)
			}
			kept[name] = true
			vv.Src = "media/" + name
		}
		v.Videos = append(v.Videos, vv)
	}
	if err := prune(media, kept); err != nil {
		return err
	}
	return writeIndex(filepath.Join(dir, "index.html"), v)
}

func count(n int) string {
	if n == 1 {
		return "1 video to render"
	}
	return fmt.Sprintf("%d videos to render", n)
}

func kindNote(k MediaKind) string {
	if k == Rendered {
		return "Rendered by the provider."
	}
	return "Draft: made locally for free, with a synthetic voice and a still avatar; the render will look and sound different."
}

// mediaName is the name a video's media gets in the review folder: its
// place on the page and its id, in characters safe in any file system and
// URL, with the media's own extension.
func mediaName(i int, id, src string) string {
	ext := strings.ToLower(filepath.Ext(src))
	if ext != ".webm" {
		ext = ".mp4"
	}
	slug := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		}
		return '-'
	}, id)
	if len(slug) > 80 {
		slug = slug[:80]
	}
	return fmt.Sprintf("%03d-%s%s", i+1, slug, ext)
}

// writeIndex renders the page to a temporary file and renames it into
// place, so that a browser reloading it never reads half a page.
func writeIndex(path string, v view) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".index-*.html")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := pageTemplate().Execute(f, v); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
