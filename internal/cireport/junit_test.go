package cireport_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

// exampleValidation has a valid file of two videos, a file with errors of
// one video and of the file, one whose videos are unknown, an error in
// reel.yaml (no manifest) and one in no file.
func exampleValidation() cireport.Validation {
	return cireport.Validation{
		Files: []cireport.File{
			{Path: "videos/ok.yaml", Videos: []string{"ok", "ok@es"}},
			{Path: "videos/launch.yaml", Videos: []string{"launch", "launch@es"}},
			{Path: "videos/broken.yaml"},
		},
		Problems: []cireport.Problem{
			{File: "videos/launch.yaml", Line: 9, Col: 7, Field: "variants.es.voice.speed", Message: "3 is more than the maximum 1.5", Video: "launch@es"},
			{File: "videos/launch.yaml", Line: 2, Col: 1, Field: "avatar", Message: "give one of id, talking_photo, image"},
			{File: "videos/launch.yaml", Line: 5, Col: 5, Field: "scenes[1].scrpit", Message: `unknown field; did you mean "script"? <&> ` + "\x01"},
			{File: "videos/broken.yaml", Line: 3, Col: 1, Message: "not valid YAML: mapping values are not allowed here"},
			{File: "reel.yaml", Line: 2, Col: 9, Field: "budget", Message: "25 is a number; want a mapping"},
			{Message: "no API key: set HEYGEN_API_KEY"},
		},
	}
}

func writeJUnit(t *testing.T, v cireport.Validation) string {
	t.Helper()
	var b strings.Builder
	if err := cireport.JUnit(&b, where, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The document as a reader takes it.
type (
	jSuites struct {
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []jSuite `xml:"testsuite"`
	}
	jSuite struct {
		Name     string  `xml:"name,attr"`
		Tests    int     `xml:"tests,attr"`
		Failures int     `xml:"failures,attr"`
		Cases    []jCase `xml:"testcase"`
	}
	jCase struct {
		Name      string    `xml:"name,attr"`
		Classname string    `xml:"classname,attr"`
		Failures  []jResult `xml:"failure"`
	}
	jResult struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
)

// TestJUnit checks what a CI's test report shows: a suite per file, a case
// per video, each error under its video (or its file), with its place.
func TestJUnit(t *testing.T) {
	got := writeJUnit(t, exampleValidation())
	var doc jSuites
	if err := xml.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("%v\n%s", err, got)
	}
	var cases []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			line := s.Name + " " + c.Name
			for _, f := range c.Failures {
				line += " | " + f.Message + " | " + strings.ReplaceAll(f.Text, "\n", " / ")
			}
			cases = append(cases, line)
		}
	}
	want := []string{
		"site/videos/ok.yaml ok",
		"site/videos/ok.yaml ok@es",
		"site/videos/launch.yaml launch",
		"site/videos/launch.yaml launch@es | variants.es.voice.speed: 3 is more than the maximum 1.5 | site/videos/launch.yaml:9:7: variants.es.voice.speed: 3 is more than the maximum 1.5",
		`site/videos/launch.yaml site/videos/launch.yaml | avatar: give one of id, talking_photo, image (and 1 more) | site/videos/launch.yaml:2:1: avatar: give one of id, talking_photo, image / site/videos/launch.yaml:5:5: scenes[1].scrpit: unknown field; did you mean "script"? <&> ` + "\uFFFD",
		"site/videos/broken.yaml site/videos/broken.yaml | not valid YAML: mapping values are not allowed here | site/videos/broken.yaml:3:1: not valid YAML: mapping values are not allowed here",
		"site/reel.yaml site/reel.yaml | budget: 25 is a number; want a mapping | site/reel.yaml:2:9: budget: 25 is a number; want a mapping",
		"reel reel | no API key: set HEYGEN_API_KEY | no API key: set HEYGEN_API_KEY",
	}
	if strings.Join(cases, "\n") != strings.Join(want, "\n") {
		t.Errorf("test cases:\n%s\nwant:\n%s", strings.Join(cases, "\n"), strings.Join(want, "\n"))
	}
	checkCounts(t, doc)
	golden(t, "junit.golden", got)
}

// checkCounts checks that every count attribute is what the document
// holds, as Jenkins and GitLab total them.
func checkCounts(t *testing.T, doc jSuites) {
	t.Helper()
	tests, failures := 0, 0
	for _, s := range doc.Suites {
		f := 0
		for _, c := range s.Cases {
			if len(c.Failures) > 1 {
				t.Errorf("%s %s: %d failures; a case has one", s.Name, c.Name, len(c.Failures))
			}
			if len(c.Failures) > 0 {
				f++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f {
			t.Errorf("suite %s: tests=%d failures=%d, holds %d cases, %d failing", s.Name, s.Tests, s.Failures, len(s.Cases), f)
		}
		tests += len(s.Cases)
		failures += f
	}
	if doc.Tests != tests || doc.Failures != failures {
		t.Errorf("testsuites: tests=%d failures=%d, holds %d and %d", doc.Tests, doc.Failures, tests, failures)
	}
}

// TestJUnitValidatesAgainstXSD checks the documents against a JUnit XSD
// with xmllint (Debian's libxml2-utils; .ci/run installs it and sets
// REEL_XMLLINT, so CI fails rather than skips without it).
func TestJUnitValidatesAgainstXSD(t *testing.T) {
	xmllint := os.Getenv("REEL_XMLLINT")
	if xmllint == "" {
		var err error
		if xmllint, err = exec.LookPath("xmllint"); err != nil {
			t.Skip("xmllint is not installed (apt-get install libxml2-utils); CI sets REEL_XMLLINT")
		}
	}
	docs := map[string]cireport.Validation{
		"example": exampleValidation(),
		"empty":   {},
		"valid":   {Files: []cireport.File{{Path: "videos/a.yaml", Videos: []string{"a"}}}},
	}
	for name, v := range docs {
		file := filepath.Join(t.TempDir(), name+".xml")
		if err := os.WriteFile(file, []byte(writeJUnit(t, v)), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--schema", filepath.Join("testdata", "junit.xsd"), file).CombinedOutput()
		if err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}

// TestJUnitCorpusPlaces checks that the failure text gives each error's
// place as file:line:col, from the repository's root.
func TestJUnitCorpusPlaces(t *testing.T) {
	got := writeJUnit(t, exampleValidation())
	re := regexp.MustCompile(`site/videos/launch\.yaml:(\d+):(\d+): `)
	if n := len(re.FindAllString(got, -1)); n != 3 {
		t.Errorf("%d places in site/videos/launch.yaml, want 3:\n%s", n, got)
	}
}
