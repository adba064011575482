package manifest

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// reflectedJSON is what Canonical must equal byte for byte: encoding/json
// without HTML escaping. Every render key ever recorded was made this way.
func reflectedJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func checkCanonical(t testing.TB, v any) {
	t.Helper()
	if got, want := Canonical(v), reflectedJSON(t, v); !bytes.Equal(got, want) {
		t.Fatalf("Canonical(%#v)\n got %s\nwant %s", v, got, want)
	}
}

func TestCanonicalIsEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, false, 0, -7, int64(math.MaxInt64), int64(math.MinInt64),
		0.0, math.Copysign(0, -1), 1.0, 1.5, -2.25, 1e20, 1e21, 123456789e15, 1e-6, 9.99e-7, 1e-7, 5e-324, math.MaxFloat64, -1.2345678901234567e-10,
		"", "plain", `q"uote\back`, "tab\tnl\nret\rbs\bff\f", "\x00\x01\x1f\x7f", "<html> & 'x'", "ünïcødé 日本語 😀",
		"bad \xff utf8 \xc3", "line\u2028para\u2029end", "\u2027\u202a",
		map[string]any{}, map[string]any(nil), []any{}, []any(nil), []map[string]any{{"a": 1}}, []map[string]any(nil),
		map[string]any{"b": 1, "a": []any{"x", 2.5, nil, map[string]any{"z": true, "é": "ü", "A": "\n"}}, "": "empty key", "k\"q": 1},
		map[string]string{"b": "2", "a": "1"}, []string{"x", "y"}, json.Number("12.50"), struct {
			A string `json:"a"`
		}{"s"},
	}
	for _, v := range values {
		checkCanonical(t, v)
	}
}

func TestCanonicalRefusesWhatJSONRefuses(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), map[string]any{"speed": math.Inf(-1)}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Canonical(%v) did not refuse a value JSON cannot hold", v)
				}
			}()
			Canonical(v)
		}()
	}
}

// FuzzCanonical checks strings and numbers, the leaves request bodies are
// made of, against encoding/json.
func FuzzCanonical(f *testing.F) {
	f.Add("Hi, I'm Angela.", 1.0, int64(3))
	f.Add("\xff\u2028\x00<&>", 1e-7, int64(-1))
	f.Add("", 1e21, int64(0))
	f.Fuzz(func(t *testing.T, s string, x float64, n int64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		checkCanonical(t, map[string]any{s: []any{s, x, n, map[string]any{"k": s}}, "x": x})
	})
}
