package fake

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// heygenCheck collects every problem of a v2 or av4 body, as the legacy
// API's 400 lists them (pydantic style: "<field> is invalid: <why>").
type heygenCheck struct{ problems []string }

func (c *heygenCheck) failf(path, format string, args ...any) {
	c.problems = append(c.problems, path+" is invalid: "+fmt.Sprintf(format, args...))
}

func (c *heygenCheck) message() string { return strings.Join(c.problems, "; ") }

func heygenJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// object reads m[key] as an object; absent is nil, and required reports it.
func (c *heygenCheck) object(path string, m map[string]any, key string, required bool) map[string]any {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			c.failf(heygenJoin(path, key), "Field required")
		}
		return nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		c.failf(heygenJoin(path, key), "must be an object")
	}
	return o
}

// known refuses members outside allowed: the fake is strict so a misspelt
// field fails in tests instead of being ignored by HeyGen.
func (c *heygenCheck) known(path string, m map[string]any, allowed ...string) {
	var extra []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		c.failf(heygenJoin(path, k), "extra fields not permitted")
	}
}

// str reads a string member; required also refuses "".
func (c *heygenCheck) str(path string, m map[string]any, key string, required bool) string {
	v, ok := m[key]
	if !ok || v == nil {
		if required {
			c.failf(heygenJoin(path, key), "Field required")
		}
		return ""
	}
	s, ok := v.(string)
	switch {
	case !ok:
		c.failf(heygenJoin(path, key), "must be a string")
	case required && strings.TrimSpace(s) == "":
		c.failf(heygenJoin(path, key), "must not be empty")
	}
	return s
}

func (c *heygenCheck) enum(path string, m map[string]any, key string, vals ...string) {
	if s := c.str(path, m, key, false); s != "" && !slices.Contains(vals, s) {
		c.failf(heygenJoin(path, key), "must be one of %s, not %q", strings.Join(vals, ", "), s)
	}
}

// num reads a number member within [lo, hi]; absent is def.
func (c *heygenCheck) num(path string, m map[string]any, key string, lo, hi, def float64) float64 {
	v, ok := m[key]
	if !ok || v == nil {
		return def
	}
	f, isNum := v.(float64)
	switch {
	case !isNum:
		c.failf(heygenJoin(path, key), "must be a number")
	case f < lo || f > hi:
		c.failf(heygenJoin(path, key), "must be between %g and %g, not %g", lo, hi, f)
	}
	return f
}

func (c *heygenCheck) boolean(path string, m map[string]any, key string) bool {
	v, ok := m[key]
	if !ok || v == nil {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		c.failf(heygenJoin(path, key), "must be a boolean")
	}
	return b
}

// dimension checks {width, height}: whole, even, above 128 and below 4096
// (HG-docs), and returns them, or def when absent.
func (c *heygenCheck) dimension(m map[string]any, required bool, def [2]float64) [2]float64 {
	d := c.object("", m, "dimension", required)
	if d == nil {
		return def
	}
	c.known("dimension", d, "width", "height")
	var out [2]float64
	for i, k := range []string{"width", "height"} {
		v, ok := d[k].(float64)
		switch {
		case !ok:
			c.failf("dimension."+k, "Field required (a whole number)")
		case v != float64(int(v)) || int(v)%2 != 0 || v <= 128 || v >= 4096:
			c.failf("dimension."+k, "must be an even whole number above 128 and below 4096, not %g", v)
		}
		out[i] = v
	}
	return out
}
