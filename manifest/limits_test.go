package manifest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// keyName is the i-th of many distinct short keys (three characters for
// the first 238,328).
func keyName(i int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := []byte{alphabet[i%62], alphabet[i/62%62], alphabet[i/(62*62)%62]}
	if i >= 62*62*62 {
		b = append(b, fmt.Sprint(i)...)
	}
	return string(b)
}

// manyKeys is a manifest of size bytes, at most: one flow mapping of
// distinct three-character keys, the worst case for a reader that looks
// keys up one by one. at is the byte offset of each key's value.
func manyKeys(size int) (data []byte, at []int) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; ; i++ {
		entry := keyName(i) + ": 1, "
		if b.Len()+len(entry)+1 > size {
			break
		}
		b.WriteString(keyName(i) + ": ")
		at = append(at, b.Len())
		b.WriteString("1, ")
	}
	b.Truncate(b.Len() - 2)
	b.WriteByte('}')
	return b.Bytes(), at
}

// doneWithin fails the test when fn has not returned after limit (times
// slowdown): a margin tens of times what fn takes, there only to turn
// quadratic work, which takes minutes, into a failure.
func doneWithin(t *testing.T, limit time.Duration, what string, fn func()) {
	t.Helper()
	limit *= slowdown
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s took more than %v", what, limit)
	}
}

// TestManyKeysMiBRefused: a 1 MiB manifest of distinct keys is refused
// with one error at the value past the limit, and quickly.
func TestManyKeysMiBRefused(t *testing.T) {
	data, at := manyKeys(MaxFileSize)
	var errs Errors
	doneWithin(t, 20*time.Second, "reading a 1 MiB mapping", func() { _, errs = Parse("m.yaml", data) })
	// the root mapping is value 1, so key 100,000's value is the one past the limit
	want := fmt.Sprintf("m.yaml:1:%d: %s: this file holds more than 100000 values: no video needs that many; split it or remove what is not needed", at[maxNodes-1]+1, keyName(maxNodes-1))
	if got := errs.Error(); got != want {
		t.Errorf("errors:\n%.500s\nwant:\n%s", got, want)
	}
}

// TestValueLimitStopsTheParse: once a file passes the value limit,
// nothing after it is converted (or reported): the work ends there.
func TestValueLimitStopsTheParse(t *testing.T) {
	var src strings.Builder
	src.WriteString("early: [")
	for range maxNodes + 10 {
		src.WriteString("1,")
	}
	src.WriteString("1]\nlate:\n")
	for i := range 50_000 {
		fmt.Fprintf(&src, "  k%d: {a: 1}\n  k%d: dup\n", i, i) // duplicate keys the parse must not reach
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src.String()), &doc); err != nil {
		t.Fatal(err)
	}
	c := converter{file: "m.yaml", memo: map[*yaml.Node]*Node{}, active: map[*yaml.Node]bool{}, sizes: map[*yaml.Node]int{}}
	c.convert(doc.Content[0], nil)
	if c.count > maxNodes+1 {
		t.Errorf("converted %d values of a file refused at %d", c.count, maxNodes)
	}
	if len(c.errs) != 1 || !strings.Contains(c.errs[0].Msg, "more than 100000 values") {
		t.Errorf("errors: %d, first %v; want the limit's only", len(c.errs), c.errs[:min(len(c.errs), 2)])
	}
}

// TestManyProviderOptions: 60,000 provider_options keys are within the
// limits; the manifest loads, merged over 60,000 more from reel.yaml's
// defaults, in reasonable time.
func TestManyProviderOptions(t *testing.T) {
	dir := t.TempDir()
	var defaults, opts strings.Builder
	defaults.WriteString(keyProject + "defaults:\n  voice: {id: v}\n  provider_options:\n")
	opts.WriteString("avatar: {id: a}\nscenes: [{script: Hi.}]\nprovider_options:\n")
	for i := range 60_000 {
		fmt.Fprintf(&defaults, "    d%s: 1\n", keyName(i))
		fmt.Fprintf(&opts, "  %s: %d\n", keyName(i), i)
	}
	writeFile(t, filepath.Join(dir, ProjectFile), []byte(defaults.String()))
	writeFile(t, filepath.Join(dir, "videos", "a.yaml"), []byte(opts.String()))
	var set *Set
	doneWithin(t, 20*time.Second, "loading 120,000 provider_options", func() {
		p, err := LoadProject(dir)
		if err != nil {
			t.Error(err)
			return
		}
		if set, err = Load(p, Options{Providers: TestProviders}); err != nil {
			t.Error(err)
		}
	})
	if set == nil || len(set.Errors) > 0 || len(set.Videos) != 1 {
		t.Fatalf("want one video; got %+v", set)
	}
	if got := set.Videos[0].ProviderOptions; len(got) != 120_000 || got[keyName(59_999)] != float64(59_999) && fmt.Sprint(got[keyName(59_999)]) != "59999" {
		t.Errorf("%d provider_options; want 120000, %s: 59999", len(got), keyName(59_999))
	}
}

// TestManyUnknownFieldsEachPositioned: 90,000 fields the schema does not
// know are each reported at their key, in reasonable time.
func TestManyUnknownFieldsEachPositioned(t *testing.T) {
	dir := t.TempDir()
	var m strings.Builder
	m.WriteString("avatar: {id: a}\nvoice: {id: v}\nscenes: [{script: Hi.}]\n")
	for i := range 90_000 {
		fmt.Fprintf(&m, "%s: 1\n", keyName(i))
	}
	writeFile(t, filepath.Join(dir, ProjectFile), []byte(keyProject))
	writeFile(t, filepath.Join(dir, "videos", "a.yaml"), []byte(m.String()))
	var set *Set
	doneWithin(t, 20*time.Second, "reporting 90,000 unknown fields", func() {
		p, err := LoadProject(dir)
		if err != nil {
			t.Error(err)
			return
		}
		if set, err = Load(p, Options{Providers: TestProviders}); err != nil {
			t.Error(err)
		}
	})
	if set == nil || len(set.Errors) != 90_000 {
		t.Fatalf("want 90000 errors")
	}
	last := set.Errors[len(set.Errors)-1].Format(dir)
	if want := "videos/a.yaml:90003:1: " + keyName(89_999) + ": unknown field"; !strings.HasPrefix(last, want) {
		t.Errorf("last error %q; want it to start %q", last, want)
	}
}

// TestManyNullsInProject: reel.yaml's null fields are dropped in one pass,
// however many there are.
func TestManyNullsInProject(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(keyProject)
	for i := range 90_000 {
		fmt.Fprintf(&b, "%s:\n", keyName(i))
	}
	writeFile(t, filepath.Join(dir, ProjectFile), []byte(b.String()))
	var err error
	doneWithin(t, 20*time.Second, "reading 90,000 null fields", func() { _, err = LoadProject(dir) })
	if err != nil {
		t.Errorf("a reel.yaml of null fields is version 1 and nothing else; got %.300v", err)
	}
}

// TestDeepNestingRefused: a value nested past maxDepth is refused once,
// at the value that passes the limit, without converting the rest.
func TestDeepNestingRefused(t *testing.T) {
	var b strings.Builder
	for range 20 {
		b.WriteString(strings.Repeat("{a: ", 5000) + "1" + strings.Repeat("}", 5000) + "\n")
	}
	src := "avatar: {id: a}\nscenes: [{script: Hi.}]\nprovider_options: [" + strings.ReplaceAll(strings.TrimSpace(b.String()), "\n", ", ") + "]\n"
	var errs Errors
	doneWithin(t, 20*time.Second, "reading values nested 5000 deep", func() { _, errs = Parse("m.yaml", []byte(src)) })
	// provider_options is level 1, its list's item 2: the value of the
	// 63rd a is the first past the limit
	want := "m.yaml:3:" + fmt.Sprint(len("provider_options: [")+1+4*(maxDepth-1)) + ": provider_options[0]" + strings.Repeat(".a", maxDepth-1) + ": values nested more than 64 deep: no video needs that; flatten this value"
	if got := errs.Error(); got != want {
		t.Errorf("errors:\n%.400s\nwant:\n%s", got, want)
	}
}

// BenchmarkManyKeys1MiB reads the worst case of a manifest of many keys:
// 1 MiB of distinct three-character keys in one flow mapping, refused at
// the value limit.
func BenchmarkManyKeys1MiB(b *testing.B) {
	data, _ := manyKeys(MaxFileSize)
	for b.Loop() {
		if _, errs := Parse("m.yaml", data); len(errs) != 1 {
			b.Fatalf("%d errors", len(errs))
		}
	}
}

// BenchmarkProviderOptions60k loads a manifest of 60,000 provider_options,
// within every limit, over 60,000 defaults.
func BenchmarkProviderOptions60k(b *testing.B) {
	dir := b.TempDir()
	var defaults, opts strings.Builder
	defaults.WriteString(keyProject + "defaults:\n  voice: {id: v}\n  provider_options:\n")
	opts.WriteString("avatar: {id: a}\nscenes: [{script: Hi.}]\nprovider_options:\n")
	for i := range 60_000 {
		fmt.Fprintf(&defaults, "    d%s: 1\n", keyName(i))
		fmt.Fprintf(&opts, "  %s: %d\n", keyName(i), i)
	}
	writeFile(b, filepath.Join(dir, ProjectFile), []byte(defaults.String()))
	writeFile(b, filepath.Join(dir, "videos", "a.yaml"), []byte(opts.String()))
	p, err := LoadProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if set, err := Load(p, Options{Providers: TestProviders}); err != nil || len(set.Videos) != 1 {
			b.Fatalf("%v %v", err, set.Errors)
		}
	}
}

// TestNumbersReadAsYAMLDoes: the quick reading of plain decimals gives
// what yaml.v3's own decoding gives, for every form near them.
func TestNumbersReadAsYAMLDoes(t *testing.T) {
	for _, s := range []string{"0", "-0", "+0", "7", "-12", "+12", "007", "010", "-010", "0x1F", "0o17", "1_000",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551615", "1e3", "1.0", "+.5", "0.1"} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("n: "+s), &doc); err != nil {
			t.Fatal(err)
		}
		n := doc.Content[0].Content[1]
		if tag := n.ShortTag(); tag != "!!int" && tag != "!!float" {
			continue
		}
		got, ok := number(n)
		want, wantOK := decodedNumber(n)
		if got != want || ok != wantOK {
			t.Errorf("%s: read %q %v, yaml.v3 decodes %q %v", s, got, ok, want, wantOK)
		}
	}
}
