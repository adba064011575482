package watch

import (
	"github.com/reel-dev/reel/manifest"
)

// A clash between two videos (one id, or outputs that cannot both be
// written: see manifest.Clashes) is refused in watch as reel plan refuses
// it: while it stands, neither video is planned as it now is, so neither
// is rendered so. The one whose manifest was saved into the clash keeps
// the action of its last version, as a manifest saved with an error does,
// and the other its own; two found clashing when watch starts have none.
// Once the clash is gone, those held back are planned.

// videoKey names a video across reloads, which replace its *Video.
type videoKey struct{ file, id string }

func keyOf(v *manifest.Video) videoKey { return videoKey{v.File, v.ID} }

// setClashes finds the clashes among every last good video, keeping their
// errors and which videos they hold; it returns the videos that clashed
// before and no longer do. s.mu is held.
func (s *Session) setClashes() (freed []videoKey) {
	was := s.clashing
	cs := manifest.Clashes(s.project.Root, s.videos())
	s.clashes, s.clashing = cs, make(map[videoKey]bool, 2*len(cs))
	for _, c := range cs {
		s.clashing[keyOf(c.Video)] = true
		s.clashing[keyOf(c.Other)] = true
	}
	for k := range was {
		if !s.clashing[k] {
			freed = append(freed, k)
		}
	}
	return freed
}

// clashErrors is the errors of every clash.
func (s *Session) clashErrors() manifest.Errors {
	errs := make(manifest.Errors, len(s.clashes))
	for i, c := range s.clashes {
		errs[i] = c.Err
	}
	return errs
}

// unclashed keeps the videos in no clash. s.mu is held.
func (s *Session) unclashed(videos []*manifest.Video) []*manifest.Video {
	if len(s.clashing) == 0 {
		return videos
	}
	var out []*manifest.Video
	for _, v := range videos {
		if !s.clashing[keyOf(v)] {
			out = append(out, v)
		}
	}
	return out
}

// video is the last good video of a manifest by id, or nil. s.mu is held.
func (s *Session) video(k videoKey) *manifest.Video {
	if st := s.files[k.file]; st != nil {
		for _, v := range st.videos {
			if v.ID == k.id {
				return v
			}
		}
	}
	return nil
}

// madeElsewhere reports whether a manifest other than file still makes
// the video id: only two manifests in an id clash make one id. s.mu is
// held.
func (s *Session) madeElsewhere(id, file string, was map[videoKey]bool) bool {
	for k := range was {
		if k.id == id && k.file != file && s.video(k) != nil {
			return true
		}
	}
	return false
}
