package jsoncheck

import (
	"io"
	"strings"
	"testing"

	"github.com/reel-dev/reel/schema"
)

// The checks catch what a consumer would trip on: text among the JSON, a
// field no schema names, a wrong type, two documents, a missing one.
func TestChecksCatchWhatAToolWouldTripOn(t *testing.T) {
	const ts = `"time":"2026-01-02T03:04:05.123Z"`
	good := []struct{ name, out string }{
		{schema.Events, `{` + ts + `,"event":"render","video":"a","step":"submit","detail":"heygen/v3"}` + "\n" +
			`{` + ts + `,"event":"error","file":"videos/a.yaml","line":3,"column":5,"field":"scenes[0].scrpit","message":"unknown field"}` + "\n"},
		{schema.PlanJSON, `{"actions":[{"id":"a","action":"render","reason":"changed: script","changes":[{"field":"scenes[0].script","old":"Hi","new":"Hello"}],"cost":{"seconds":1,"credits":1,"usd":1}}],"total":{"seconds":1,"credits":1,"usd":1},"pending":true}`},
		{schema.PlanJSON, `{"errors":[{"message":"no reel.yaml here or in a parent folder"}]}`},
		{schema.ValidateOut, `{"valid":true,"videos":2,"manifests":1,"errors":[]}`},
	}
	for _, g := range good {
		if err := check(g.name, g.out); err != nil {
			t.Errorf("%s: %v", g.name, err)
		}
	}
	bad := []struct{ name, out, why string }{
		{schema.Events, `{` + ts + `,"event":"render","video":"a","step":"submit"}` + "\nRendered 1, downloaded 0.\n", "text among events"},
		{schema.Events, `{` + ts + `,"event":"render","video":"a","step":"submit","colour":"red"}` + "\n", "a field the schema does not name"},
		{schema.Events, `{"time":"yesterday","event":"render","video":"a","step":"submit"}` + "\n", "a time that is not RFC 3339"},
		{schema.Events, `{` + ts + `,"event":"error","file":"a.yaml","message":"x"}` + "\n", "a file without its line and column"},
		{schema.PlanJSON, ``, "nothing at all"},
		{schema.PlanJSON, `{"errors":[]}`, "a failure without errors"},
		{schema.PlanJSON, `{"actions":[],"total":{"seconds":0,"credits":0,"usd":0},"pending":false}{"actions":[]}`, "two documents"},
		{schema.PlanJSON, `{"actions":[{"id":"a","action":"render","reason":"r","changes":[{"field":"f","old":"\"Hi\""}]}],"total":{"seconds":0,"credits":0,"usd":0},"pending":true}x`, "trailing text"},
		{schema.ValidateOut, `{"valid":"yes","errors":[]}`, "a string for a boolean"},
	}
	for _, b := range bad {
		if err := check(b.name, b.out); err == nil {
			t.Errorf("%s: %s passed:\n%s", b.name, b.why, b.out)
		}
	}
}

// check runs output through a Writer, as the CLI tests do.
func check(name, out string) error {
	w := &Writer{W: io.Discard, Schema: name, Stream: name == schema.Events}
	for _, chunk := range strings.SplitAfter(out, "\"") { // in pieces, as a process writes
		w.Write([]byte(chunk))
	}
	return w.Close()
}

// Every output schema compiles under the draft's metaschema.
func TestEveryOutputSchemaCompiles(t *testing.T) {
	for _, name := range schema.Outputs {
		if _, err := compile(name); err != nil {
			t.Error(err)
		}
	}
}
