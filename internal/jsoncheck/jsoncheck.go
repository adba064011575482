// Package jsoncheck holds what reel prints with --json to the schemas it
// publishes (reel schema NAME): a document against its schema, a stream
// line by line. It is for tests: every --json output a test produces goes
// through it, so a field added without its schema, or text printed among
// the JSON, fails the test that printed it.
package jsoncheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/reel-dev/reel/internal/jsonschema"
	"github.com/reel-dev/reel/schema"
)

// compiled holds each output schema, compiled on first use.
var compiled = struct {
	sync.Mutex
	m map[string]*jsonschema.Schema
}{m: map[string]*jsonschema.Schema{}}

// compile returns the named output schema, compiled with formats
// (date-time) asserted.
func compile(name string) (*jsonschema.Schema, error) {
	compiled.Lock()
	defer compiled.Unlock()
	if s := compiled.m[name]; s != nil {
		return s, nil
	}
	src, ok := schema.Source(name)
	if !ok {
		return nil, fmt.Errorf("no schema %q", name)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "mem:///" + schema.File(name)
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	compiled.m[name] = s
	return s, nil
}

// Document checks that data is one JSON document, valid against the named
// schema, and nothing else.
func Document(name string, data []byte) error {
	s, err := compile(name)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("not a JSON document (%v):\n%s", err, clip(data))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("more than one JSON document:\n%s", clip(data))
	}
	return valid(s, name, doc, data)
}

// Stream checks that data is JSON objects, one per line, each valid
// against the named schema. A last line without its newline (a process
// killed while writing it) is checked as it is.
func Stream(name string, data []byte) error {
	s, err := compile(name)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		if err := line(s, name, sc.Bytes()); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

// line checks one line of a stream.
func line(s *jsonschema.Schema, name string, l []byte) error {
	if !bytes.HasPrefix(l, []byte("{")) || !json.Valid(l) {
		return fmt.Errorf("not a JSON object on one line:\n%s", clip(l))
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(l))
	if err != nil {
		return err
	}
	return valid(s, name, doc, l)
}

func valid(s *jsonschema.Schema, name string, doc any, data []byte) error {
	err := s.Validate(doc)
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("not valid against `reel schema %s`: %#v\n%s", name, ve, clip(data))
	}
	return err
}

func clip(b []byte) string {
	const most = 2000
	s := strings.TrimRight(string(b), "\n")
	if len(s) > most {
		return s[:most] + "…"
	}
	return s
}
