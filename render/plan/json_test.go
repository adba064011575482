package plan

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/reel-dev/reel/internal/jsoncheck"
	"github.com/reel-dev/reel/schema"
)

// reel plan --json gives a change's values as JSON values, encoded once:
// a tool reads "Hello", not "\"Hello\"".
func TestWriteJSONEncodesValuesOnce(t *testing.T) {
	p := &Plan{Actions: []Action{{
		ID: "a", Kind: Render, Reason: "changed: script", Key: "6a23385ccb91f95f72973149be200872e7641003c173ee028ce9de91fe989675",
		Changes: []Change{
			{Field: "scenes[0].input.script", Old: `"Hi"`, New: `"Hello"`},
			{Field: "voice.speed", Old: "", New: "1.1"},
			{Field: "background", Old: `{"color":"#000000"}`, New: ""},
			{Field: "assets or key version", Old: "0123456789ab", New: "c0ffee"}, // bare, as older snapshots kept it
		},
		Cost: Cost{Seconds: 30, Credits: 3, USD: 3},
	}}, Total: Cost{Seconds: 30, Credits: 3, USD: 3}}
	var out bytes.Buffer
	if err := WriteJSON(&out, p); err != nil {
		t.Fatal(err)
	}
	if err := jsoncheck.Document(schema.PlanJSON, out.Bytes()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Actions []struct {
			Changes []map[string]any `json:"changes"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	cs := doc.Actions[0].Changes
	want := []map[string]any{
		{"field": "scenes[0].input.script", "old": "Hi", "new": "Hello"},
		{"field": "voice.speed", "new": 1.1},
		{"field": "background", "old": map[string]any{"color": "#000000"}},
		{"field": "assets or key version", "old": "0123456789ab", "new": "c0ffee"},
	}
	if len(cs) != len(want) {
		t.Fatalf("%d changes:\n%s", len(cs), out.String())
	}
	for i := range want {
		if g, w := mustJSON(cs[i]), mustJSON(want[i]); g != w {
			t.Errorf("change %d: %s, want %s", i, g, w)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
