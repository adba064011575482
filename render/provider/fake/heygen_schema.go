package fake

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/reel-dev/reel/internal/jsonschema"
	"github.com/reel-dev/reel/internal/lazyregexp"
)

// heygenV3API is HeyGen's v3 request and response JSON Schemas as its own
// CLI publishes them (reference/heygen-v3-api.json). The v3 fake validates
// request bodies against them, so a client that sends what HeyGen would
// refuse fails here first.
//
//go:embed heygen-v3-api.json
var heygenV3API []byte

// heygenSchemas compiles, once per process, the request schemas the v3 fake
// checks: endpoint name → schema.
var heygenSchemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	var doc struct {
		Endpoints map[string]struct {
			Request any `json:"request_schema"`
		} `json:"endpoints"`
	}
	if err := json.Unmarshal(heygenV3API, &doc); err != nil {
		return nil, err
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range []string{"VideoCreate", "AssetDirectUploadsCreate", "AssetCompleteCreate"} {
		req := doc.Endpoints[name].Request
		if req == nil {
			return nil, fmt.Errorf("heygen-v3-api.json has no request schema for %s", name)
		}
		heygenStrict(req)
		raw, _ := json.Marshal(req)
		sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		c := jsonschema.NewCompiler()
		url := "mem:///" + name + ".json"
		if err := c.AddResource(url, sch); err != nil {
			return nil, err
		}
		if out[name], err = c.Compile(url); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return out, nil
})

// heygenStrict turns HeyGen's OpenAPI-flavoured schemas into strict JSON
// Schema, as manifest/heygen_v3_test.go does, and two steps further so the
// fake refuses exactly what HeyGen refuses:
//
//   - every object that lists its properties gets additionalProperties
//     false: HeyGen's models reject unknown fields, and a misspelt field
//     must not pass silently;
//   - a discriminated oneOf becomes an anyOf whose branches pin their
//     discriminator with const (the published branches type it as any
//     string, so {"type":"avatar_v"} would match every engine branch);
//   - OpenAPI's nullable admits null, which HeyGen accepts and JSON Schema
//     does not know.
func heygenStrict(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			v["additionalProperties"] = false
		}
		if d, ok := v["discriminator"].(map[string]any); ok && v["oneOf"] != nil {
			branches, _ := v["oneOf"].([]any)
			heygenPin(d, branches)
			v["anyOf"] = branches
			delete(v, "oneOf")
			delete(v, "discriminator")
		}
		if v["nullable"] == true {
			heygenAdmitNull(v)
			delete(v, "nullable")
		}
		for _, c := range v {
			heygenStrict(c)
		}
	case []any:
		for _, c := range v {
			heygenStrict(c)
		}
	}
}

var heygenMustBe = lazyregexp.New(`[Mm]ust be '([A-Za-z0-9_]+)'`)

// heygenPin sets const on each branch's discriminator property. The
// value comes from the property's description ("Must be 'avatar'"), else
// from the mapping key the branch requires as a property (url, asset_id),
// else from the one mapping key left over (base64).
func heygenPin(d map[string]any, branches []any) {
	prop, _ := d["propertyName"].(string)
	mapping, _ := d["mapping"].(map[string]any)
	left := map[string]bool{}
	for k := range mapping {
		left[k] = true
	}
	pin := func(b map[string]any, val string) {
		props, _ := b["properties"].(map[string]any)
		if p, ok := props[prop].(map[string]any); ok && left[val] {
			p["const"] = val
			delete(left, val)
		}
	}
	var unpinned []map[string]any
	for _, raw := range branches {
		b, _ := raw.(map[string]any)
		props, _ := b["properties"].(map[string]any)
		p, _ := props[prop].(map[string]any)
		desc, _ := p["description"].(string)
		if m := heygenMustBe.FindStringSubmatch(desc); m != nil {
			pin(b, m[1])
			continue
		}
		if val := heygenRequiredKey(b, left); val != "" {
			pin(b, val)
			continue
		}
		unpinned = append(unpinned, b)
	}
	if len(unpinned) == 1 && len(left) == 1 {
		for val := range left {
			pin(unpinned[0], val)
		}
	}
}

func heygenRequiredKey(b map[string]any, keys map[string]bool) string {
	req, _ := b["required"].([]any)
	for _, r := range req {
		if s, _ := r.(string); keys[s] {
			return s
		}
	}
	return ""
}

// heygenAdmitNull widens a nullable schema to null: its type and enum, or each
// branch of its anyOf (null passes every object keyword of a branch).
func heygenAdmitNull(v map[string]any) {
	switch t := v["type"].(type) {
	case string:
		v["type"] = []any{t, "null"}
		if e, ok := v["enum"].([]any); ok {
			v["enum"] = append(e, nil)
		}
		return
	}
	for _, key := range []string{"anyOf", "oneOf"} {
		bs, _ := v[key].([]any)
		for _, raw := range bs {
			if b, ok := raw.(map[string]any); ok {
				heygenAdmitNull(b)
			}
		}
	}
}
