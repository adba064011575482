// Package mediacheck verifies a downloaded video by its structure as its
// bytes go by: an MP4's top-level boxes, a WebM's EBML header and Segment.
// A length alone cannot tell a whole file from one a server lied about
// (a body longer than its Content-Length is read only as far as the
// header says) or one whose bytes were never written; the sizes the file
// declares of itself can.
package mediacheck

import "fmt"

// Container is the kind of file a download must be.
type Container int

const (
	MP4  Container = iota + 1 // ISO base media file format (ftyp, moov, mdat boxes)
	WebM                      // Matroska's EBML: an EBML header, then a Segment
)

func (c Container) String() string {
	if c == WebM {
		return "WebM"
	}
	return "MP4"
}

// Verifier is an io.Writer that walks a container's top-level structure
// as bytes are written to it, keeping only the header being read: it
// verifies a download of any size in constant memory, beside the file
// and the hash it is written to. Write fails at the first damage that
// needs no knowledge of the end (a file that is not the container, a size
// smaller than its header), so a download can stop there; Finish checks
// the rest once the length is known.
type Verifier struct {
	f     format
	n     int64    // bytes written
	hdr   [16]byte // the header being read
	hdrN  int      // bytes of it read
	need  int      // bytes of it the format asked for
	body  int64    // bytes of the current element's body still to come
	open  bool     // the current element runs to the end of the file
	start int64    // where the header being read starts
	err   error    // the first damage found
}

// format is one container's rules, over one header at a time.
type format interface {
	// next reads the header h of the element that starts at byte at. It
	// returns need > len(h) when it needs more bytes of it; else the
	// length of its body, or open when the body runs to the end of the
	// file; or the damage it shows.
	next(h []byte, at int64) (need int, body int64, open bool, err error)
	// finish checks the structure read once the file is known to end at
	// e.total.
	finish(e end) error
}

// end is where a file ended within its structure.
type end struct {
	total    int64 // the file's length
	inHeader bool  // it ended inside a header,
	headerAt int64 // which started here
	short    int64 // bytes of the last element's body that never came
}

// New returns a Verifier of the container c.
func New(c Container) *Verifier {
	v := &Verifier{need: 1}
	if c == WebM {
		v.f = &webm{}
	} else {
		v.f = &mp4{}
	}
	return v
}

// Write walks p. It returns an *Error, and writes nothing more, once the
// bytes show the file is not a whole one of its container.
func (v *Verifier) Write(p []byte) (int, error) {
	if v.err != nil {
		return 0, v.err
	}
	size := len(p)
	for len(p) > 0 {
		switch {
		case v.open:
			v.n += int64(len(p))
			p = nil
		case v.body > 0:
			k := min(v.body, int64(len(p)))
			v.body -= k
			v.n += k
			p = p[k:]
		default:
			if v.hdrN == 0 {
				v.start = v.n
			}
			k := copy(v.hdr[v.hdrN:v.need], p)
			v.hdrN += k
			v.n += int64(k)
			p = p[k:]
			if err := v.header(); err != nil {
				v.err = err
				return size - len(p), err
			}
		}
	}
	return size, nil
}

// header hands the header read so far to the format once it has the
// bytes the format asked for.
func (v *Verifier) header() error {
	if v.hdrN < v.need {
		return nil
	}
	need, body, open, err := v.f.next(v.hdr[:v.hdrN], v.start)
	switch {
	case err != nil:
		return err
	case need > len(v.hdr):
		panic(fmt.Sprintf("mediacheck: a header of %d bytes", need))
	case need > v.hdrN:
		v.need = need
		return nil
	}
	v.body, v.open, v.hdrN, v.need = body, open, 0, 1
	return nil
}

// Finish checks that the structure ends exactly at total, the length of
// the file (the bytes written), and that the container's parts are all
// there. It returns the *Error Write returned, if any.
func (v *Verifier) Finish(total int64) error {
	switch {
	case v.err != nil:
		return v.err
	case total != v.n:
		return fmt.Errorf("mediacheck: %d bytes were verified of a file of %d", v.n, total)
	case total == 0:
		return &Error{"the provider sent an empty file"}
	}
	e := end{total: total, inHeader: v.hdrN > 0, headerAt: v.start}
	if !v.open {
		e.short = v.body
	}
	return v.f.finish(e)
}

// Error is a download that is not a whole file of its container: what is
// wrong with it, in a user's words.
type Error struct {
	Reason string
}

func (e *Error) Error() string { return e.Reason }

func errorf(msg string, args ...any) *Error {
	return &Error{fmt.Sprintf(msg, args...)}
}
