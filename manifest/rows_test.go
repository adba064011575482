package manifest

import (
	"strings"
	"testing"
)

const rowsProject = "version: 1\nprovider: heygen\n"

// welcome is a manifest with rows: one video per customer.
const welcome = `rows: {file: ../data/customers.csv, key: slug}
title: Welcome, {{ .name }}
avatar: {id: Angela-inTshirt-20220820}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
scenes:
  - script: Hi {{ .name }}, welcome to {{ .plan | upper }}.
`

const customers = "slug,name,plan\nacme,Acme,pro\nzoe,Zoë,team\n"

// videosOf lists each video's id and output, one a line.
func videosOf(set *Set) string {
	var out []string
	for _, v := range set.Videos {
		out = append(out, v.ID+" "+v.Output)
	}
	return strings.Join(out, "\n")
}

// keysOf loads a project and maps each video id to its render key.
func keysOf(t *testing.T, files project) map[string]string {
	t.Helper()
	set, dir := load(t, files)
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	m := map[string]string{}
	for _, v := range set.Videos {
		m[v.ID] = v.Request.Key
	}
	return m
}

func TestRowsMakeOneVideoPerRow(t *testing.T) {
	for _, tc := range []struct{ name, file, data string }{
		{"csv", "customers.csv", customers},
		{"json", "customers.json", "[\n{\"slug\": \"acme\", \"name\": \"Acme\", \"plan\": \"pro\"},\n{\"slug\": \"zoe\", \"name\": \"Zoë\", \"plan\": \"team\"}]"},
		{"yaml", "customers.yaml", "- {slug: acme, name: Acme, plan: pro}\n- slug: zoe\n  name: Zoë\n  plan: team\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, dir := load(t, project{
				"reel.yaml":           rowsProject,
				"videos/welcome.yaml": strings.Replace(welcome, "customers.csv", tc.file, 1),
				"data/" + tc.file:     tc.data,
			})
			if len(set.Errors) > 0 {
				t.Fatal(errorLines(set, dir))
			}
			if got, want := videosOf(set), "welcome@acme welcome@acme.mp4\nwelcome@zoe welcome@zoe.mp4"; got != want {
				t.Errorf("videos:\n%s\nwant\n%s", got, want)
			}
			v := set.Videos[1]
			if v.Title != "Welcome, Zoë" || v.Scenes[0].Script != "Hi Zoë, welcome to TEAM." {
				t.Errorf("zoe: title %q, script %q", v.Title, v.Scenes[0].Script)
			}
			if o := v.Origin; o == nil || o.Template != "welcome" || o.Key != "zoe" || o.Line != 3 && tc.name != "yaml" {
				t.Errorf("origin %+v", o)
			}
			if len(set.Templates) != 1 || len(set.Templates[0].Rows) != 2 || set.Sums[set.Templates[0].Data] == "" {
				t.Errorf("the data file is not recorded as read: %+v", set.Templates)
			}
		})
	}
}

// TestRowsReorderChangesNoKey: rows and columns in another order, and
// the data file renamed, make the very same requests; one changed cell
// changes its own row's video alone.
func TestRowsReorderChangesNoKey(t *testing.T) {
	files := project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": customers}
	before := keysOf(t, files)
	files["data/customers.csv"] = "plan,name,slug\nteam,Zoë,zoe\npro,Acme,acme\n"
	if after := keysOf(t, files); !equalMaps(before, after) {
		t.Errorf("reordered rows and columns changed keys:\n%v\n%v", before, after)
	}
	files["data/customers.csv"] = "slug,name,plan\nacme,Acme,pro\nzoe,Zoe,team\n"
	after := keysOf(t, files)
	if after["welcome@acme"] != before["welcome@acme"] || after["welcome@zoe"] == before["welcome@zoe"] {
		t.Errorf("one edited cell: acme %v, zoe %v; want acme the same, zoe changed", after["welcome@acme"] == before["welcome@acme"], after["welcome@zoe"] == before["welcome@zoe"])
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestRowsHashes: a row keeps its hash wherever it moves; an edited row
// gets another.
func TestRowsHashes(t *testing.T) {
	a, _ := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": customers})
	b, _ := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": "slug,name,plan\n\nzoe,Zoë,team\nacme,Acme,pro\n"})
	if !equalMaps(a.Templates[0].Rows, b.Templates[0].Rows) || len(a.Templates[0].Rows) != 2 {
		t.Errorf("row hashes differ by order: %v %v", a.Templates[0].Rows, b.Templates[0].Rows)
	}
	c, _ := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": "slug,name,plan\nzoe,Zoe,team\nacme,Acme,pro\n"})
	same := 0
	for h := range c.Templates[0].Rows {
		if a.Templates[0].Rows[h] != "" {
			same++
		}
	}
	if same != 1 {
		t.Errorf("%d rows kept their hash after one was edited; want 1", same)
	}
}

// TestRowOutputs: a row's video gets @key before its output's extension,
// unless its output is a template of the row.
func TestRowOutputs(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml":           rowsProject,
		"videos/welcome.yaml": welcome + "output: customers/{{ .slug }}.mp4\n",
		"videos/fixed.yaml":   strings.Replace(welcome, "../data", "../data", 1) + "output: hello.mp4\n",
		"data/customers.csv":  customers,
	})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	want := "fixed@acme hello@acme.mp4\nfixed@zoe hello@zoe.mp4\nwelcome@acme customers/acme.mp4\nwelcome@zoe customers/zoe.mp4"
	if got := videosOf(set); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestRowsOption: Options.Rows says which rows a plan knows, by hash;
// only the others are expanded, from a CSV file read in full or only in
// part, and every row's hash is told all the same.
func TestRowsOption(t *testing.T) {
	files := project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": customers}
	set, _ := load(t, files)
	known := set.Templates[0].Rows
	for _, tc := range []struct{ name, data, want string }{
		{"one row edited", "slug,name,plan\nacme,Acme,pro\nzoe,Zoe,team\n", "welcome@zoe"},
		{"a row added, the rows reordered", "slug,name,plan\nnew,New,pro\nzoe,Zoë,team\nacme,Acme,pro\n", "welcome@new"},
		{"a key made another's (read in full, to say where)", "slug,name,plan\nacme,Acme,pro\nacme,Zoë,team\n", "error"},
		{"a column renamed: every row", "slug,name,tier\nacme,Acme,pro\nzoe,Zoë,team\n", "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files["data/customers.csv"] = tc.data
			dir := t.TempDir()
			for name, content := range files {
				writeFile(t, dir+"/"+name, []byte(content))
			}
			p, err := LoadProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			mfs, _ := p.Manifests()
			fs := LoadFiles(p, mfs, Options{Providers: TestProviders, Rows: func(ManifestFile) map[string]string { return known }})[0]
			var got []string
			for _, v := range fs.Videos {
				got = append(got, v.ID)
			}
			if len(fs.Errors) > 0 {
				got = append(got, "error")
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("expanded %v, want %s; errors %v", got, tc.want, fs.Errors)
			}
			if tc.want != "error" && len(fs.Template.Rows) != strings.Count(tc.data, "\n")-1 {
				t.Errorf("hashes of %d rows: %v", len(fs.Template.Rows), fs.Template.Rows)
			}
		})
	}
}

// TestRowErrors: every mistake of a row, a cell or a template is reported
// where it is to be fixed: the cell in the data file, or the manifest's
// field.
func TestRowErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		manifest string // "" for welcome
		data     string // data/customers.csv
		want     []string
	}{
		{"a bad cell", "", "slug,name,plan\nacme,Acme,pro\nzoe,Zo \"ë\",team\n",
			[]string{`data/customers.csv:3:8: a quote (") inside a cell that does not start with one`}},
		{"an empty key", "", "slug,name,plan\nacme,Acme,pro\n,Zoë,team\n",
			[]string{"data/customers.csv:3:1: slug: empty key: every row needs its own slug"}},
		{"a key twice", "", "slug,name,plan\nacme,Acme,pro\nacme,Zoë,team\n",
			[]string{`data/customers.csv:3:1: slug: "acme" is the key of the row at data/customers.csv:2:1 too`}},
		{"a key that cannot name a video", "", "slug,name,plan\nAcme Corp,Acme,pro\n",
			[]string{`data/customers.csv:2:1: slug: "Acme Corp" cannot name a video: a key is letters, digits, '.', '-' and '_', starting with a letter or digit, at most 64 (e.g. acme-corp)`}},
		{"no key column", strings.Replace(welcome, "key: slug", "key: slg", 1), customers,
			[]string{`videos/welcome.yaml:1:42: rows.key: data/customers.csv has no column "slg"; its columns are slug, name, plan: did you mean "slug"?`}},
		{"a template naming no column", strings.Replace(welcome, "{{ .plan | upper }}", "{{ .plna }}", 1), customers,
			[]string{`videos/welcome.yaml:6:13: scenes[0].script: {{ .plna }}: data/customers.csv has no column "plna": did you mean {{ .plan }}?; its columns are slug, name, plan`}},
		{"a template that does not parse", strings.Replace(welcome, "{{ .name }}", "{{ .name ", 1), customers,
			[]string{"videos/welcome.yaml:2:8: title: template: unclosed action"}},
		{"a cell the schema refuses, at the cell", welcome + "style: {expression: \"{{ .plan }}\"}\n", customers,
			[]string{`data/customers.csv:2:11: style.expression: "pro" is not one of`, `(the plan of row acme, which videos/welcome.yaml:7:21 takes)`}},
		{"a row's value the schema refuses, at the field", welcome + "style: {expression: \"{{ .plan }}y\"}\n", customers,
			[]string{`videos/welcome.yaml:7:21: style.expression: "proy" is not one of`, `(row acme, data/customers.csv:2)`, `(row zoe, data/customers.csv:3)`}},
		{"range is refused", strings.Replace(welcome, "{{ .name }}", "{{ range 9 }}x{{ end }}", 1), customers,
			[]string{"videos/welcome.yaml:2:8: title: template: range is not taken here"}},
		{"a wide printf is refused", strings.Replace(welcome, "{{ .name }}", `{{ printf "%09999d" 1 }}`, 1), customers,
			[]string{"videos/welcome.yaml:2:8: title: printf: a width or precision is at most 999", "(row acme"}},
		{"variants do not combine", welcome + "variants: {es: {title: Hola}}\n", customers,
			[]string{"videos/welcome.yaml:7:1: variants: variants do not combine with rows or locales"}},
		{"a data file out of the project", strings.Replace(welcome, "../data/customers.csv", "../../x.csv", 1), customers,
			[]string{"videos/welcome.yaml:1:14: rows.file: ../../x.csv: no such file"}},
		{"no rows", "", "slug,name,plan\n",
			[]string{"videos/welcome.yaml:1:14: rows.file: ../data/customers.csv has no rows"}},
		{"rows without a key", strings.Replace(welcome, ", key: slug", "", 1), customers,
			[]string{"videos/welcome.yaml:1:7: rows.key: want the column whose value names each row's video"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.manifest
			if m == "" {
				m = welcome
			}
			set, dir := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": m, "data/customers.csv": tc.data})
			got := errorLines(set, dir)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors:\n%s\nwant one holding:\n%s", got, w)
				}
			}
			if len(set.Videos) > 0 && len(set.Errors) == 0 {
				t.Errorf("no error")
			}
		})
	}
}

// TestRowsJSONRowLacksAColumn: a JSON or YAML row without a column a
// template uses is an error at the row.
func TestRowsJSONRowLacksAColumn(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml":           rowsProject,
		"videos/welcome.yaml": strings.Replace(welcome, "customers.csv", "customers.json", 1),
		"data/customers.json": "[\n  {\"slug\": \"acme\", \"name\": \"Acme\", \"plan\": \"pro\"},\n  {\"slug\": \"zoe\", \"name\": \"Zoë\"}\n]\n",
	})
	want := `data/customers.json:3:3: this row has no "plan": every row needs the columns the manifest's templates use`
	if got := errorLines(set, dir); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestRowsTemplateOutputCapped: a cell or a template that would make a
// huge field is an error, not a huge request.
func TestRowsTemplateOutputCapped(t *testing.T) {
	big := strings.Repeat("a", maxField+1)
	set, dir := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": "slug,name,plan\nacme," + big + ",pro\n"})
	if got := errorLines(set, dir); !strings.Contains(got, "the template makes more than 64 KiB") {
		t.Errorf("got %s", got)
	}
	set, dir = load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": strings.Replace(welcome, "{{ .name }}", `{{ replace "" "xxxxxxxxxx" (printf "%0999d" 1) | replace "x" "yyyyyyyyyy" }}`, 1), "data/customers.csv": customers})
	if got := errorLines(set, dir); !strings.Contains(got, "replace would make more than 64 KiB") {
		t.Errorf("got %s", got)
	}
}

func TestRowFunctions(t *testing.T) {
	m := strings.Replace(welcome, "title: Welcome, {{ .name }}", `title: '{{ .nick | default .name | title }} / {{ lower .plan }} / {{ trim .pad }} / {{ replace "-" " " .slug }} / {{ printf "%03d" 7 }} / {{ index . "the plan" }}'`, 1)
	set, dir := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": m,
		"data/customers.csv": "slug,name,nick,plan,pad,the plan\nacme-co,acme corp,,PRO, x ,p1\n"})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	if got, want := set.Videos[0].Title, "Acme Corp / pro / x / acme co / 007 / p1"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}

// TestReadChangedReadsOnlyTheUnknownRows: of a CSV file whose rows a plan
// knows but one, that one alone is read; what the plan cannot know that
// way is left to a whole read.
func TestReadChangedReadsOnlyTheUnknownRows(t *testing.T) {
	set, _ := load(t, project{"reel.yaml": rowsProject, "videos/welcome.yaml": welcome, "data/customers.csv": customers})
	known := set.Templates[0].Rows
	rs := &rowSet{}
	if !rs.readChanged([]byte("slug,name,plan\nzoe,Zoe,team\nacme,Acme,pro\n"), "slug", known) {
		t.Fatal("not read quickly")
	}
	if len(rs.rows) != 1 || rs.keys[0] != "zoe" || rs.rows[0].Pos.Line != 2 || len(rs.all) != 2 {
		t.Errorf("read %d rows (%v), line %d; all %v", len(rs.rows), rs.keys, rs.rows[0].Pos.Line, rs.all)
	}
	for _, csv := range []string{
		"slug,name,plan\nzoe,Zoe,team\nzoe,Acme,pro\n",    // a key twice
		"slug,name,plan\n,Zoe,team\nacme,Acme,pro\n",      // an empty key
		"slug,name,plan\nzoe,\"Zoe,team\nacme,Acme,pro\n", // a quote left open
		"name,plan\nZoe,team\n",                           // no key column
		"slug,name,plan\n",                                // no rows
	} {
		if (&rowSet{}).readChanged([]byte(csv), "slug", known) {
			t.Errorf("read quickly: %q", csv)
		}
	}
}
