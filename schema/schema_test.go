package schema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/jsonschema"
)

func TestSchemasCompile(t *testing.T) {
	if _, err := compile(base); err != nil {
		t.Fatal(err)
	}
}

// TestEveryFieldDocumented: editors show a field's description on hover and
// completion, so every property of both schemas must have one (directly or
// on the definition it refers to).
func TestEveryFieldDocumented(t *testing.T) {
	docs := map[string]map[string]any{}
	for _, name := range Names() {
		src, _ := Source(name)
		var doc map[string]any
		if err := json.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[File(name)] = doc
	}
	count := 0
	for file, doc := range docs {
		walk(doc, func(path string, props map[string]any) {
			for name, p := range props {
				count++
				if !described(docs, file, p.(map[string]any)) {
					t.Errorf("%s: %s/%s has no description", file, path, name)
				}
			}
		}, "#")
	}
	if count < 60 {
		t.Errorf("only %d properties found; the walk is broken", count)
	}
}

func walk(v any, visit func(string, map[string]any), path string) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok && !strings.Contains(path, "/if") {
			visit(path, props)
		}
		for k, c := range v {
			if k == "if" || k == "then" {
				continue // provider rules restate properties; the originals are documented
			}
			walk(c, visit, path+"/"+k)
		}
	case []any:
		for _, c := range v {
			walk(c, visit, path+"/[]")
		}
	}
}

func described(docs map[string]map[string]any, file string, p map[string]any) bool {
	if d, _ := p["description"].(string); d != "" {
		return true
	}
	ref, _ := p["$ref"].(string)
	if ref == "" {
		return false
	}
	target, frag, _ := strings.Cut(ref, "#")
	if target != "" {
		file = target
	}
	cur := any(docs[file])
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		m, _ := cur.(map[string]any)
		cur = m[tok]
	}
	m, _ := cur.(map[string]any)
	d, _ := m["description"].(string)
	return d != ""
}

func TestViolationMessages(t *testing.T) {
	doc := map[string]any{
		"scens":  []any{},
		"voice":  map[string]any{"speed": json.Number("3"), "emotion": "Happy"},
		"avatar": map[string]any{},
	}
	vs, err := Validate(Video, doc)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range vs {
		got[strings.Join(v.Path, "/")] = v.Message
	}
	want := map[string]string{
		"scens":         `unknown field; did you mean "scenes"?`,
		"voice/speed":   "3 is more than the maximum 1.5",
		"voice/emotion": `"Happy" is not one of Excited, Friendly, Serious, Soothing, Broadcaster`,
		"avatar":        "set exactly one of avatar.id, avatar.talking_photo, avatar.image or avatar.photo",
	}
	for path, msg := range want {
		if got[path] != msg {
			t.Errorf("%s: got %q, want %q", path, got[path], msg)
		}
	}
	if len(vs) != len(want) {
		t.Errorf("got %d violations, want %d: %+v", len(vs), len(want), vs)
	}
}

// TestSchemasPassTheMetaschema: the schemas are compiled at run time
// without the metaschema check (see base); here they get it, under a URL
// the library checks, and a schema the draft does not allow fails.
func TestSchemasPassTheMetaschema(t *testing.T) {
	if _, err := compile("mem:///"); err != nil {
		t.Fatalf("the schemas do not pass the draft 2020-12 metaschema: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///bad.json", map[string]any{"type": 12}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("mem:///bad.json"); err == nil {
		t.Error("a schema with type 12 compiled under mem:///: the check this test relies on is gone")
	}
}
