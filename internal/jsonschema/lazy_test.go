package jsonschema

import (
	"errors"
	"testing"
)

// TestDraftsCompiledOnFirstCompile: no metaschema is compiled before a
// schema is, and the first compile still checks its schema against its
// draft's metaschema.
func TestDraftsCompiledOnFirstCompile(t *testing.T) {
	if Draft2020.sch != nil {
		t.Fatal("the draft 2020-12 metaschema was compiled before any schema")
	}
	c := NewCompiler()
	if err := c.AddResource("https://example.com/bad.json", map[string]any{"type": 5.0}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Compile("https://example.com/bad.json")
	var se *SchemaValidationError
	if !errors.As(err, &se) {
		t.Errorf("compiling {\"type\": 5}: %v; want a SchemaValidationError from the metaschema", err)
	}
	if Draft2020.sch == nil {
		t.Error("the draft 2020-12 metaschema is still not compiled after a compile")
	}
}
