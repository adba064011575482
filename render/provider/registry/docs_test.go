package registry

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/schema"
)

// The schemas document the providers for editors and `reel schema`; the
// registry is their home. Each name the schemas list is the registry's,
// in its order, and each provider's settings are there: the one that
// chooses its API, with the APIs it takes, and its base URLs.
func TestSchemasNameTheRegistrysProviders(t *testing.T) {
	project, video := schemaDoc(t, schema.Project), schemaDoc(t, schema.Video)
	for name, enum := range map[string]any{
		"reel.yaml provider": at(project, "properties", "provider", "enum"),
		"a video's provider": at(video, "$defs", "provider", "enum"),
	} {
		if got := texts(enum); !slices.Equal(got, Choices()) {
			t.Errorf("%s: the schema lists %q, the registry %q", name, got, Choices())
		}
	}
	rules, _ := at(video, "$defs", "provider_rules", "allOf").([]any)
	for i, r := range rules {
		named := texts(at(r, "if", "properties", "provider", "enum"))
		if c, ok := at(r, "if", "properties", "provider", "const").(string); ok {
			named = append(named, c)
		}
		for _, n := range named {
			if !slices.Contains(Choices(), n) {
				t.Errorf("provider_rules[%d] names %q, which the registry does not have", i, n)
			}
		}
	}
	for _, section := range []string{"providers", "pricing"} {
		got := keys(at(project, "properties", section, "properties"))
		if want := sorted(Choices()); !slices.Equal(got, want) {
			t.Errorf("%s: the schema has %q, the registry %q", section, got, want)
		}
	}
	for _, p := range All() {
		settings := at(project, "properties", "providers", "properties", p.Name, "properties")
		want := []string{"concurrency"}
		for _, u := range p.URLs {
			if u.Setting != "" {
				want = append(want, u.Setting)
			}
		}
		if p.Chooser != "" {
			want = append(want, p.Chooser)
			checkChooser(t, p.Name, at(settings, p.Chooser), p.AnyModel, p.Names())
		}
		if got := keys(settings); !slices.Equal(got, sorted(want)) {
			t.Errorf("providers.%s: the schema has %q, the facts %q", p.Name, got, sorted(want))
		}
	}
}

// checkChooser holds the schema of the setting that chooses a provider's
// API to its facts: the APIs it takes, or a model, and the default.
func checkChooser(t *testing.T, name string, s any, anyModel bool, apis []string) {
	t.Helper()
	if def := at(s, "default"); def != apis[0] {
		t.Errorf("providers.%s: the schema's default is %v, the facts' %q", name, def, apis[0])
	}
	if enum := at(s, "enum"); !anyModel && !slices.Equal(texts(enum), apis) {
		t.Errorf("providers.%s: the schema takes %v, the facts %q", name, enum, apis)
	}
}

// The reel.yaml `reel init` writes names the providers it may choose, and
// the default's APIs, as the registry has them.
func TestScaffoldNamesTheRegistrysProviders(t *testing.T) {
	dir := t.TempDir()
	if _, err := manifest.Scaffold(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, manifest.ProjectFile))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	for _, want := range []string{
		"provider: " + d.Name + " ",
		"# " + strings.Join(Names(), " | ") + "\n",
		"# " + strings.Join(d.Names(), " | ") + "\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("reel init's reel.yaml lacks %q:\n%s", want, data)
		}
	}
}

func schemaDoc(t *testing.T, name string) any {
	t.Helper()
	src, ok := schema.Source(name)
	var doc any
	if err := json.Unmarshal(src, &doc); !ok || err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	return doc
}

// at is the value at path in a decoded JSON document, or nil.
func at(doc any, path ...string) any {
	for _, k := range path {
		m, _ := doc.(map[string]any)
		doc = m[k]
	}
	return doc
}

func texts(v any) []string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i], _ = x.(string)
	}
	return out
}

func keys(v any) []string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
