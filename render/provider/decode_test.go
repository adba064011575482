package provider

import (
	"encoding/json"
	"testing"
)

func TestDecodeError(t *testing.T) {
	for _, tc := range []struct {
		body, code, msg string
	}{
		{`{"error":{"code":"insufficient_credit","message":"Insufficient credit","param":null,"doc_url":"x"}}`, "insufficient_credit", "Insufficient credit"},
		{`{"error":{"code":"internal_error","message":"This avatar does not support unlimited mode"}}`, "internal_error", "This avatar does not support unlimited mode"},
		{`{"code":400599,"message":"Your account doesn't have API access"}`, "400599", "Your account doesn't have API access"},
		{`{"code":40119,"detail":"Video is too long (> 3600.0s)","message":"Video is too long"}`, "40119", "Video is too long (> 3600.0s)"},
		{`{"code":400140,"detail":"Daily rate limit exceeded","message":"Exceed rate limit"}`, "400140", "Exceed rate limit: Daily rate limit exceeded"},
		{`{"error":"Not enough credits","code":"insufficient_credits"}`, "insufficient_credits", "Not enough credits"},
		{`{"error":"Not enough credits"}`, "", "Not enough credits"},
		{`{"detail":[{"loc":["body","image_url"],"msg":"field required","type":"missing"}]}`, "", "body.image_url: field required"},
		{`{"detail":"Runner failed","error_type":"runner_server_error"}`, "runner_server_error", "Runner failed"},
		{`{"error":{"code":1.5e3,"message":{"en":"odd"}}}`, "1.5e3", `{"en":"odd"}`},
		{`{"error":null,"msg":"bad"}`, "", "bad"},
		{`<html>502</html>`, "", ""},
		{``, "", ""},
		{`[1,2]`, "", ""},
	} {
		code, msg := DecodeError([]byte(tc.body))
		if code != tc.code || msg != tc.msg {
			t.Errorf("DecodeError(%s) = %q, %q; want %q, %q", tc.body, code, msg, tc.code, tc.msg)
		}
	}
}

func TestCodeDecodesNumberOrString(t *testing.T) {
	var v []struct{ Code Code }
	if err := json.Unmarshal([]byte(`[{"code":40119},{"code":"MOVIO_PAYMENT_INSUFFICIENT_CREDIT"},{"code":null},{"code":true}]`), &v); err != nil {
		t.Fatal(err)
	}
	want := []Code{"40119", "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", "", "true"}
	for i, w := range want {
		if v[i].Code != w {
			t.Errorf("code %d = %q, want %q", i, v[i].Code, w)
		}
	}
}
