package render

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/manifest"
)

// WriteEvent writes one event of a --json stream as a line of JSON:
// {"time":…,"event":name, …the fields of v}, where v is a struct (or nil).
// Every stream reel prints is made of these (reel schema events).
func WriteEvent(w io.Writer, now time.Time, name string, v any) error {
	head, err := json.Marshal(struct {
		Time  string `json:"time"`
		Event string `json:"event"`
	}{now.UTC().Format(time.RFC3339Nano), name})
	if err != nil {
		return err
	}
	line := head
	if v != nil {
		body, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if len(body) > 2 { // not {}
			line = append(append(head[:len(head)-1:len(head)-1], ','), body[1:]...)
		}
	}
	_, err = w.Write(append(line, '\n'))
	return err
}

// Problem is an error as --json prints it: a problem in a file says where
// (file relative to the folder reel runs in, line, column, field) and
// what; any other error is its message alone.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Problems turns err into the problems it reports: one per error of
// manifest.Errors, else one with its message.
func Problems(err error, dir string) []Problem {
	var errs manifest.Errors
	if !errors.As(err, &errs) {
		return []Problem{{Message: err.Error()}}
	}
	out := make([]Problem, 0, len(errs))
	for _, e := range errs {
		out = append(out, ProblemOf(e, dir))
	}
	return out
}

// ProblemOf is one manifest error as a Problem.
func ProblemOf(e manifest.Error, dir string) Problem {
	p := Problem{Field: e.Field, Message: e.Msg}
	if e.Pos.File != "" {
		p.File, p.Line, p.Column = relFile(dir, e.Pos.File), max(e.Pos.Line, 1), max(e.Pos.Col, 1)
	}
	return p
}

// relFile is file relative to dir when that is shorter, as the errors on
// stderr name it.
func relFile(dir, file string) string {
	if dir == "" {
		return file
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil || len(rel) >= len(file) {
		return file
	}
	return filepath.ToSlash(rel)
}

// Messages is each video's error as its message, for a JSON event; nil
// when there are none.
func Messages(errs map[string]error) map[string]string {
	if len(errs) == 0 {
		return nil
	}
	out := make(map[string]string, len(errs))
	for id, err := range errs {
		out[id] = err.Error()
	}
	return out
}
