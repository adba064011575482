package schema

import (
	"encoding/json"
	"reflect"
	"sort"
	"testing"
)

// The output schemas each stand alone (a tool loads one file), so the
// definitions they share are written in each: they must say the same.
func TestOutputSchemasShareTheirDefinitions(t *testing.T) {
	defs := func(name string) map[string]any {
		src, ok := Source(name)
		if !ok {
			t.Fatalf("no schema %s", name)
		}
		var doc struct {
			Defs map[string]any `json:"$defs"`
		}
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return doc.Defs
	}
	strip := func(v any) map[string]any { // an error in a stream is an event too: it is closed there
		m := map[string]any{}
		for k, x := range v.(map[string]any) {
			if k != "additionalProperties" && k != "description" {
				m[k] = x
			}
		}
		return m
	}
	plan, events := defs(PlanJSON), defs(Events)
	for _, name := range []string{ValidateOut, Status, Voices, Avatars} {
		if !reflect.DeepEqual(defs(name)["error"], plan["error"]) {
			t.Errorf("%s's error differs from plan's", name)
		}
	}
	if !reflect.DeepEqual(strip(events["problem"]), strip(plan["error"])) {
		t.Errorf("events' problem differs from plan's error")
	}
	for _, def := range []string{"kind", "cost"} {
		if !reflect.DeepEqual(shape(events[def]), shape(plan[def])) {
			t.Errorf("events' %s differs from plan's", def)
		}
	}
}

// shape is a definition without its words: its enum, or its required
// fields and the names of its properties.
func shape(def any) any {
	m := def.(map[string]any)
	if e, ok := m["enum"]; ok {
		return e
	}
	var names []string
	for k := range m["properties"].(map[string]any) {
		names = append(names, k)
	}
	sort.Strings(names)
	return []any{m["required"], names}
}

// reel schema NAME knows every name, and nothing else.
func TestSourceKnowsEveryName(t *testing.T) {
	for _, name := range Names() {
		src, ok := Source(name)
		if !ok || !json.Valid(src) {
			t.Errorf("schema %s: found %v, valid JSON %v", name, ok, json.Valid(src))
		}
	}
	if _, ok := Source("nosuch"); ok {
		t.Error("an unknown name has a schema")
	}
}
