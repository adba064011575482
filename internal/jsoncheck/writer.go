package jsoncheck

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Writer passes what is written on to W and checks it: a stream each line
// as it ends, a document when closed. The first failure is kept, told to
// OnFail at once (a stream's writer may be killed before it is closed) and
// returned by Close.
type Writer struct {
	W      io.Writer
	Schema string
	Stream bool
	OnFail func(error)

	mu      sync.Mutex
	buf     bytes.Buffer // a document, or a stream's unfinished line
	err     error
	line    int
	written int
}

// Written says how many bytes were written.
func (w *Writer) Written() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.written
}

func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.buf.Write(p)
	w.written += len(p)
	if w.Stream {
		w.lines()
	}
	w.mu.Unlock()
	return w.W.Write(p)
}

// lines checks each finished line of a stream.
func (w *Writer) lines() {
	for {
		i := bytes.IndexByte(w.buf.Bytes(), '\n')
		if i < 0 {
			return
		}
		l := w.buf.Next(i + 1)
		w.line++
		if err := w.check(l); err != nil {
			w.fail(&lineError{w.line, err})
		}
	}
}

// check checks one line of a stream.
func (w *Writer) check(l []byte) error {
	s, err := compile(w.Schema)
	if err != nil {
		return err
	}
	return line(s, w.Schema, bytes.TrimSuffix(l, []byte("\n")))
}

// Close checks a document, or the last line of a stream if it has no
// newline, and returns the first failure.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	switch {
	case w.Stream && w.buf.Len() > 0:
		w.line++
		if err := w.check(w.buf.Bytes()); err != nil {
			w.fail(&lineError{w.line, err})
		}
	case !w.Stream:
		w.fail(Document(w.Schema, w.buf.Bytes()))
	}
	return w.err
}

// fail keeps the first failure and tells it.
func (w *Writer) fail(err error) {
	if err == nil || w.err != nil {
		return
	}
	w.err = err
	if w.OnFail != nil {
		w.OnFail(err)
	}
}

type lineError struct {
	n   int
	err error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.n, e.err) }
func (e *lineError) Unwrap() error { return e.err }
