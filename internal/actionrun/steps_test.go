package actionrun_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/actionrun"
	"github.com/rogpeppe/go-internal/txtar"
)

// corpusCases are the cases of the invalid-manifest corpus.
func corpusCases(t *testing.T) []string {
	t.Helper()
	cases, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invalid", "*.txtar"))
	if err != nil || len(cases) < 40 {
		t.Fatalf("the invalid corpus: %d cases, %v", len(cases), err)
	}
	return cases
}

// defaultProject is the reel.yaml a corpus case gets when it brings none,
// as manifest's corpus test gives it.
const defaultProject = `version: 1
provider: heygen
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
`

// extractCase writes a corpus case into dir as manifest's corpus test
// does: its files, reel.yaml if it brings none, and the files its
// comment asks to generate (generate FILE SIZE: a manifest padded to
// SIZE bytes).
func extractCase(t *testing.T, file, dir string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"reel.yaml": []byte(defaultProject)}
	for _, f := range ar.Files {
		files[f.Name] = f.Data
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "generate" {
			size, _ := strconv.Atoi(f[2])
			files[f[1]] = padded(size)
		}
	}
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
}

// padded is a manifest of size bytes: valid fields, then comment lines.
func padded(size int) []byte {
	var b strings.Builder
	b.WriteString("avatar: {id: a}\nscenes: [{script: hi}]\n")
	for b.Len() < size {
		b.WriteString("# padding padding padding padding padding padding padding padding\n")
	}
	return []byte(b.String())
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// annotationLine is an annotation as reel validate prints the error
// outside GitHub: file:line:col: field: message, its file from the
// project's folder (site/).
func annotationLine(c actionrun.Command) string {
	line := strings.TrimPrefix(c.Props["file"], "site/") + ":" + c.Props["line"] + ":" + c.Props["col"] + ": "
	if title := c.Props["title"]; title != "reel" {
		if strings.ContainsAny(title, "\n\r\t") {
			title = strconv.Quote(title) // as reel validate prints a field it cannot print on one line
		}
		line += title + ": "
	}
	return line + c.Data
}

func errorsOf(cmds []actionrun.Command) []actionrun.Command {
	var out []actionrun.Command
	for _, c := range cmds {
		if c.Name == "error" {
			out = append(out, c)
		}
	}
	return out
}

// TestActionValidateCorpus runs the action's steps with reel validate on
// each case of the invalid-manifest corpus, in a project in site/: each
// error the case's golden lists is an annotation on its file from the
// repository's root, at its line and column, titled with its field; the
// job summary lists them; the outputs count them; the step fails, and
// nothing after it runs. The cases run in parallel; the goldens hold
// them all, in order.
func TestActionValidateCorpus(t *testing.T) {
	cases := corpusCases(t)
	type result struct{ annotations, summary, outputs string }
	results := make([]result, len(cases))
	t.Run("cases", func(t *testing.T) {
		for i, c := range cases {
			name := strings.TrimSuffix(filepath.Base(c), ".txtar")
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				r := validateCase(t, c)
				results[i] = result{"# " + name + "\n" + commandsText(errorsOf(r.step.Commands)), "# " + name + "\n" + r.Summary, "# " + name + "\n" + outputsText(r.Outputs)}
			})
		}
	})
	var annotations, summaries, outputs strings.Builder
	for _, r := range results {
		annotations.WriteString(r.annotations)
		summaries.WriteString(r.summary)
		outputs.WriteString(r.outputs)
	}
	golden(t, "validate/annotations.golden", annotations.String())
	golden(t, "validate/summary.golden", summaries.String())
	golden(t, "validate/outputs.golden", outputs.String())
}

// validated is a run of the action's validate, with its reel step.
type validated struct {
	*actionrun.Result
	step actionrun.StepResult
}

// validateCase runs the action's validate on one corpus case and checks
// its annotations, summary and outputs against the case's golden.
func validateCase(t *testing.T, file string) validated {
	want, err := os.ReadFile(strings.TrimSuffix(file, ".txtar") + ".golden")
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t)
	extractCase(t, file, w.site)
	r := w.run(t, map[string]string{"command": "validate", "working-directory": "site"}, nil)
	step, _ := r.Step("reel")
	if !r.Failed || step.Exit != 1 {
		t.Errorf("the run failed=%v, reel step exit %d; want a failure with exit 1\n%s", r.Failed, step.Exit, step.Log)
	}
	if _, ran := r.Step("comment"); ran {
		t.Errorf("a step ran after the failed one")
	}
	errs := errorsOf(step.Commands)
	var got strings.Builder
	for _, e := range errs {
		if !strings.HasPrefix(e.Props["file"], "site/") {
			t.Errorf("annotation on %q, want a file from the repository's root", e.Props["file"])
		}
		got.WriteString(annotationLine(e) + "\n")
	}
	if got.String() != string(want) {
		t.Errorf("the annotations read\n%s\nwant the corpus's errors\n%s", got.String(), want)
	}
	if n := strings.Count(r.Summary, "\n| `site/"); n != len(errs) {
		t.Errorf("the summary lists %d errors, want %d", n, len(errs))
	}
	if got := r.Outputs["errors"]; got != strconv.Itoa(len(errs)) {
		t.Errorf("output errors = %q, want %d", got, len(errs))
	}
	return validated{r, step}
}
