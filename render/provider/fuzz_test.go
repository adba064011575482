package provider

import (
	"net/url"
	"testing"
)

func FuzzDecodeError(f *testing.F) {
	for _, s := range []string{
		`{"error":{"code":"insufficient_credit","message":"Insufficient credit"}}`,
		`{"code":40119,"detail":"Video is too long","message":"Video is too long"}`,
		`{"error":"Not enough credits","code":"insufficient_credits"}`,
		`{"detail":[{"loc":["body","image_url"],"msg":"field required"}]}`,
		`<html>502</html>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		DecodeError(body)
		snippet(body)
	})
}

// FuzzRedactURL: whatever else a URL holds, a signature's value never
// survives redaction.
func FuzzRedactURL(f *testing.F) {
	f.Add("https://files.example.com/v.mp4?Expires=1&", "abcdef0123456789")
	f.Add("http://127.0.0.1:1/x?a=b&", "tok%2Fen")
	f.Fuzz(func(t *testing.T, prefix, sig string) {
		if len(sig) < 8 {
			return
		}
		raw := prefix + "X-Amz-Signature=" + url.QueryEscape(sig)
		u, err := url.Parse(raw)
		if err != nil || u.Query().Get("X-Amz-Signature") != sig {
			return // not a query parameter after all
		}
		out := RedactURL(u)
		back, err := url.Parse(out)
		if err != nil {
			t.Fatalf("%s redacted to an unparsable %s", raw, out)
		}
		for _, v := range back.Query()["X-Amz-Signature"] {
			if v != Redacted {
				t.Fatalf("%s kept the signature: %s", raw, out)
			}
		}
	})
}
