package data

import (
	"fmt"
	"strings"
	"testing"
)

// cells renders a table as "line:col=value" per cell, row by row.
func cells(t *Table) string {
	var b strings.Builder
	for _, r := range t.Rows {
		fmt.Fprintf(&b, "row %d:%d", r.Pos.Line, r.Pos.Col)
		for i, c := range r.Cells {
			if c.Set {
				fmt.Fprintf(&b, " %s@%d:%d=%q", t.Columns[i], c.Pos.Line, c.Pos.Col, c.Value)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func errorText(errs []Error) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func TestReadPositions(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"csv", "c.csv", "slug,name\nacme,Acme\nzoe,Zoë\n",
			"row 2:1 slug@2:1=\"acme\" name@2:6=\"Acme\"\nrow 3:1 slug@3:1=\"zoe\" name@3:5=\"Zoë\"\n"},
		{"csv columns count characters, not bytes", "c.csv", "name,slug\nZoë,zoe\n",
			"row 2:1 name@2:1=\"Zoë\" slug@2:5=\"zoe\"\n"},
		{"csv quoted cell over two lines", "c.csv", "slug,script\nacme,\"Hi,\nthere\"\nbeta,x\n",
			"row 2:1 slug@2:1=\"acme\" script@2:6=\"Hi,\\nthere\"\nrow 4:1 slug@4:1=\"beta\" script@4:6=\"x\"\n"},
		{"csv with a BOM and CRLF", "c.csv", "\ufeffslug,name\r\nacme,Acme\r\n",
			"row 2:1 slug@2:1=\"acme\" name@2:6=\"Acme\"\n"},
		{"json keeps numbers as written", "d.json", "[\n  {\"slug\": \"acme\", \"price\": 1.50, \"vip\": true, \"note\": null}\n]\n",
			"row 2:3 slug@2:12=\"acme\" price@2:29=\"1.50\" vip@2:42=\"true\" note@2:56=\"\"\n"},
		{"yaml", "d.yaml", "- slug: acme\n  name: Acme\n- {slug: zoe, name: Zoë}\n",
			"row 1:3 slug@1:9=\"acme\" name@2:9=\"Acme\"\nrow 3:3 slug@3:10=\"zoe\" name@3:21=\"Zoë\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, errs := Read(tc.file, []byte(tc.text))
			if len(errs) > 0 {
				t.Fatalf("errors:\n%s", errorText(errs))
			}
			if got := cells(tab); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, text string
		want             []string // each error, as line:col: message prefix
	}{
		{"bare quote", "c.csv", "slug,name\nacme,A \"b\"\n", []string{`2:8: a quote (") inside a cell`}},
		{"bare quote after a wide character", "c.csv", "slug,name\nzoë,Zoë \"b\"\n", []string{`2:9: a quote (") inside a cell`}},
		{"unclosed quote", "c.csv", "slug,name\nacme,\"Acme\n", []string{"2:12: a quoted cell is not closed"}},
		{"a short row, and reading goes on", "c.csv", "slug,name\nacme\nbeta,Beta,x\n", []string{"2:1: this row has 1 cells; the header names 2", "3:1: this row has 3 cells"}},
		{"no column name", "c.csv", "slug,,plan\n", []string{"1:6: column 2 has no name"}},
		{"a column twice", "c.csv", "slug,name,slug\n", []string{`1:11: a second column named "slug" (the first is at 1:1)`}},
		{"empty csv", "c.csv", "", []string{"1:1: the file is empty"}},
		{"not a list", "d.json", `{"slug": "acme"}`, []string{"1:1: a JSON data file is a list of rows"}},
		{"a nested cell ends the reading", "d.json", "[{\"slug\": \"a\", \"tags\": [\"x\"]}, {\"slug\": 3}]", []string{"1:24: a cell is a string, number, boolean or null; found a list"}},
		{"json syntax", "d.json", "[{\"slug\": \"a\",}]", []string{"1:15: invalid JSON"}},
		{"json cut short", "d.json", "[{\"slug\": \"a\"}", []string{"the file ends inside the list of rows"}},
		{"json column twice", "d.json", `[{"slug": "a", "slug": "b"}]`, []string{`1:16: "slug" twice in one row`}},
		{"yaml alias", "d.yaml", "- &a {slug: a}\n- {slug: *a}\n", []string{"2:10: a cell is text, a number or a boolean; found an alias"}},
		{"yaml not a list", "d.yaml", "slug: a\n", []string{"1:1: a YAML data file is a list of rows"}},
		{"yaml nested", "d.yaml", "- slug: a\n  tags: [x]\n", []string{"2:9: a cell is text, a number or a boolean; found a list"}},
		{"binary", "c.csv", "slug\n\x00\x01", []string{"2:1: control byte 0x00"}},
		{"latin-1", "c.csv", "slug\nZo\xeb\n", []string{"2:3: byte 0xeb is not UTF-8 text"}},
		{"utf-16", "c.csv", "\xff\xfes\x00", []string{"1:1: the file is UTF-16 text"}},
		{"unknown format", "c.txt", "slug\n", []string{"1:1: a data file is CSV, JSON or YAML"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Read(tc.file, []byte(tc.text))
			if len(errs) != len(tc.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(errs), len(tc.want), errorText(errs))
			}
			for i, w := range tc.want {
				if got := errs[i].Error(); !strings.Contains(got, w) {
					t.Errorf("error %d: got %q, want it to hold %q", i, got, w)
				}
			}
		})
	}
}

// TestReadLimits: a file past a limit is refused where the limit is
// passed, never read on.
func TestReadLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("slug\n")
	for i := range MaxRows + 5 {
		fmt.Fprintf(&b, "r%d\n", i)
	}
	tab, errs := Read("c.csv", []byte(b.String()))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "more than 100000 rows") || errs[0].Pos.Line != MaxRows+2 {
		t.Errorf("rows past the cap: %v", errs)
	}
	if len(tab.Rows) != MaxRows {
		t.Errorf("read %d rows, want %d", len(tab.Rows), MaxRows)
	}
	var wide strings.Builder
	for i := range MaxColumns + 1 {
		fmt.Fprintf(&wide, "c%d,", i)
	}
	if _, errs := Read("c.csv", []byte(wide.String()+"last\n")); len(errs) != 1 || !strings.Contains(errs[0].Msg, "columns") {
		t.Errorf("columns past the cap: %v", errs)
	}
	deep := "[" + strings.Repeat("[", 1<<20)
	if _, errs := Read("d.json", []byte(deep)); len(errs) != 1 || !strings.Contains(errs[0].Msg, "found a list") {
		t.Errorf("deep JSON: %v", errs)
	}
	big := "- {slug: a}\n" + strings.Repeat("#", MaxYAML)
	if _, errs := Read("d.yaml", []byte(big)); len(errs) != 1 || !strings.Contains(errs[0].Msg, "at most 8 MiB") {
		t.Errorf("big YAML: %v", errs)
	}
}

// FuzzRead: nothing a data file holds makes Read panic, and every
// position it gives is inside the file.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"slug,name\nacme,\"A\"\"b\"\n", "[{\"a\": 1}]", "- {a: b}\n", "a\n\"x\n"} {
		f.Add("c.csv", s)
		f.Add("d.json", s)
		f.Add("d.yaml", s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		tab, errs := Read(name, []byte(text))
		lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1 // YAML also ends a line at a lone CR
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > lines+1 || e.Pos.Col < 1 {
				t.Fatalf("error outside the file: %v", e)
			}
		}
		for _, r := range tab.Rows {
			for _, c := range r.Cells {
				if c.Set && (c.Pos.Line < 1 || c.Pos.Line > lines) {
					t.Fatalf("cell outside the file: %+v", c)
				}
			}
		}
	})
}

// TestScanCSV: a scan splits a CSV file into the records Read reads, with
// the same hashes and positions, however its cells are quoted and its
// lines broken; a row keeps its hash wherever it moves, and an edited
// header changes every row's.
func TestScanCSV(t *testing.T) {
	text := "\ufeffslug,script,plan\r\n\r\nacme,\"Hi,\r\nthere \"\"you\"\"\",pro\r\nzoë,Zoë,team\n\nbeta,\"\",x"
	tab, errs := Read("c.csv", []byte(text))
	if len(errs) > 0 {
		t.Fatal(errorText(errs))
	}
	sc, ok := ScanCSV([]byte(text))
	if !ok || len(sc.Records) != len(tab.Rows) {
		t.Fatalf("scan: %v, %d records for %d rows", ok, len(sc.Records), len(tab.Rows))
	}
	for i, rec := range sc.Records {
		one, errs := sc.Read(i)
		if len(errs) > 0 {
			t.Fatalf("record %d: %s", i, errorText(errs))
		}
		if rec.Hash != tab.Rows[i].Hash || one.Rows[0].Hash != rec.Hash {
			t.Errorf("record %d: hashes %s, %s, read whole %s", i, rec.Hash, one.Rows[0].Hash, tab.Rows[i].Hash)
		}
		if got, want := cells(one), cells(&Table{Columns: tab.Columns, Rows: tab.Rows[i : i+1]}); got != want {
			t.Errorf("record %d read alone:\n%s\nwhole:\n%s", i, got, want)
		}
	}
	moved, _ := Read("c.csv", []byte("slug,script,plan\nbeta,\"\",x\nzoë,Zoë,team\n"))
	if moved.Rows[1].Hash != tab.Rows[1].Hash || moved.Rows[0].Hash != tab.Rows[2].Hash {
		t.Errorf("a moved row's hash changed")
	}
	renamed, _ := Read("c.csv", []byte("slug,script,tier\nzoë,Zoë,team\n"))
	if renamed.Rows[0].Hash == tab.Rows[1].Hash {
		t.Errorf("a renamed column left a row's hash as it was")
	}
	for _, bad := range []string{"slug\n\"open", ""} {
		if _, ok := ScanCSV([]byte(bad)); ok {
			t.Errorf("scanned %q", bad)
		}
	}
	for _, bad := range []string{"slug\nZo\xeb\n", "slug\na\x00\n", "slug,name\nx\n"} {
		if sc, ok := ScanCSV([]byte(bad)); !ok || len(sc.Records) != 1 {
			t.Errorf("%q: not scanned", bad)
		} else if _, errs := sc.Read(0); len(errs) == 0 {
			t.Errorf("%q: its record read", bad)
		}
	}
}

// FuzzScanCSV: whatever a scan splits, each record it gives reads as one
// row with the hash it gave, or the whole file does not read.
func FuzzScanCSV(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a\n\"x\ny\"\nz\n", "a\r\n\r\n\"\"\"\"\r\n", "a\nx\"y\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sc, ok := ScanCSV([]byte(text))
		tab, errs := Read("c.csv", []byte(text))
		if !ok {
			return
		}
		if _, herrs := sc.Header(); len(herrs) == 0 && len(errs) > 0 && len(sc.Records) <= MaxRows {
			// what a whole read refuses, some record read alone refuses too
			for i := range sc.Records {
				if _, rerrs := sc.Read(i); len(rerrs) > 0 {
					return
				}
			}
			t.Fatalf("every record reads alone, the whole file does not: %v", errorText(errs))
		}
		if len(errs) > 0 {
			return
		}
		if len(sc.Records) != len(tab.Rows) {
			t.Fatalf("%d records, %d rows", len(sc.Records), len(tab.Rows))
		}
		for i, rec := range sc.Records {
			one, errs := sc.Read(i)
			if len(errs) > 0 || one.Rows[0].Hash != rec.Hash || rec.Hash != tab.Rows[i].Hash || cells(one) != cells(&Table{Columns: tab.Columns, Rows: tab.Rows[i : i+1]}) {
				t.Fatalf("record %d: %v %s %s", i, errs, rec.Hash, tab.Rows[i].Hash)
			}
		}
	})
}
