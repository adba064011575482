package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/internal/jsonschema"
)

// v3CreateSchema compiles the request schema of POST /v3/videos from
// HeyGen's published schemas, made strict: every object that lists its
// properties gets additionalProperties false, so a misspelt or invented
// field fails here rather than at HeyGen. A discriminated oneOf becomes an
// anyOf: the branches' discriminators are plain strings in the published
// schema, so {"type": "avatar_v"} would match two engine branches.
func v3CreateSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "render", "provider", "fake", "heygen-v3-api.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Endpoints map[string]struct {
			Request any `json:"request_schema"`
		} `json:"endpoints"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	req := doc.Endpoints["VideoCreate"].Request
	strict(req)
	raw, _ := json.Marshal(req)
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///v3-create.json", sch); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("mem:///v3-create.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func strict(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			v["additionalProperties"] = false
		}
		if _, ok := v["discriminator"]; ok && v["oneOf"] != nil {
			v["anyOf"] = v["oneOf"]
			delete(v, "oneOf")
		}
		for _, c := range v {
			strict(c)
		}
	case []any:
		for _, c := range v {
			strict(c)
		}
	}
}

// TestV3BodiesMatchHeyGenSchema: every HeyGen v3 body reel builds for the
// examples (and for the shapes below) validates against HeyGen's schema.
func TestV3BodiesMatchHeyGenSchema(t *testing.T) {
	sch := v3CreateSchema(t)
	p, err := LoadProject(filepath.Join("..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(p, Options{Providers: TestProviders, Provider: "sandbox"})
	if err != nil || len(set.Errors) > 0 {
		t.Fatalf("examples: %v %v", err, set.Errors)
	}
	extra, dir := load(t, project{
		"reel.yaml":       keyProject,
		"assets/anna.png": portrait,
		"videos/silence.yaml": `avatar: {image: ../assets/anna.png}
voice: {id: v1, locale: en-US}
scenes: [{script: Hi.}, {silence: 1.5}, {script: Bye., voice: {pitch: 3}}]
captions: burn_in
`,
		"videos/webm.yaml":   "avatar: {id: x, engine: avatar_v}\noutput: a.webm\nscenes: [{script: Hi.}]\n",
		"videos/url.yaml":    "avatar: {image: https://example.com/a.png}\nvoice: {id: v}\nbackground: {image: https://example.com/b.png}\nscenes: [{audio: https://example.com/a.mp3}]\n",
		"videos/studio.yaml": "avatar: {talking_photo: tp1}\nstyle: {expressiveness: medium}\nscenes: [{script: A., motion: waves}, {script: B., background: {color: \"#FFFFFF\"}}]\n",
	})
	if len(extra.Errors) > 0 {
		t.Fatal(errorLines(extra, dir))
	}
	for _, v := range append(set.Videos, extra.Videos...) {
		if v.API != "v3" {
			continue
		}
		raw, _ := json.Marshal(v.Request.Body())
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: HeyGen would reject the body:\n%s\n%v", v.ID, raw, err)
		}
	}
}
