package fake

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/reel-dev/reel/internal/jsonschema"
)

// GET /v3/users/me answers as HeyGen's published schema says (strictly:
// no field it does not list), with the account's credits as a wallet
// balance that each charged video lowers; a request without the key gets
// v3's 401.
func TestHeyGenUserMe(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{Credits: 100})
	me := userMeSchema(t)
	a := h.get(t, "/v3/users/me")
	heygenMust(t, a, 200)
	var doc any
	if err := json.Unmarshal(a.body, &doc); err != nil {
		t.Fatal(err)
	}
	if err := me.Validate(doc); err != nil {
		t.Fatalf("users/me does not match UserMeGet: %v\n%s", err, a.body)
	}
	if heygenDig(t, a.body, "data", "billing_type") != "wallet" || heygenDig(t, a.body, "data", "wallet", "remaining_balance") != 100.0 {
		t.Fatalf("users/me: %s", a.body)
	}
	heygenMust(t, h.post(t, "/v3/videos", string(h.Body("Spend three credits."))), 200)
	if left := heygenDig(t, h.get(t, "/v3/users/me").body, "data", "wallet", "remaining_balance"); left != 97.0 {
		t.Fatalf("after one 3-credit video the balance reads %v, want 97", left)
	}
	if a := (heygenReq{method: "GET", url: h.BaseURL() + "/v3/users/me"}).do(t); a.status != 401 || heygenDig(t, a.body, "error", "code") != "unauthorized" {
		t.Fatalf("without the key: %d %s", a.status, a.body)
	}
}

// userMeSchema is UserMeGet's response schema, made strict as the
// request schemas are.
func userMeSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	var doc struct {
		Endpoints map[string]struct {
			Response any `json:"response_schema"`
		} `json:"endpoints"`
	}
	if err := json.Unmarshal(heygenV3API, &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Endpoints["UserMeGet"].Response
	heygenStrict(s)
	raw, _ := json.Marshal(s)
	sch, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("mem:///me.json", sch); err != nil {
		t.Fatal(err)
	}
	compiled, err := c.Compile("mem:///me.json")
	if err != nil {
		t.Fatal(err)
	}
	return compiled
}
