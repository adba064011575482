package cireport

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// The JUnit XML document, in the shape Ant's JUnit formatter gave it and
// Jenkins, GitLab and Azure Pipelines read. The file a suite holds is an
// attribute of the suite, not of its cases: Jenkins' xUnit plugin
// refuses a testcase with a file attribute.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		File     string      `xml:"file,attr,omitempty"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *junitFailure `xml:"failure"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// JUnit writes a validation as JUnit XML: one test suite per manifest
// file (and one per other file with errors, such as reel.yaml), one test
// case per video of the file, passing or failing with its errors, and
// one for the file itself when it has errors of no one video or defines
// none. A failure's message is its first error; its text lists them all
// as file:line:col: field: message, paths from the repository's root.
func JUnit(w io.Writer, where Where, v Validation) error {
	doc := junitSuites{Name: "reel validate", Time: "0"}
	for _, f := range junitFiles(v) {
		s := junitSuiteOf(where, f, v.Problems)
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitFiles are the validated files, then each other file an error names
// (in the order first named; "" for errors in no file).
func junitFiles(v Validation) []File {
	files := append([]File{}, v.Files...)
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.Path] = true
	}
	for _, p := range v.Problems {
		if !seen[p.File] {
			seen[p.File] = true
			files = append(files, File{Path: p.File})
		}
	}
	return files
}

func junitSuiteOf(where Where, f File, problems []Problem) junitSuite {
	path, _ := where.Path(f.Path)
	name := path
	if name == "" {
		name = "reel"
	}
	s := junitSuite{Name: name, File: path, Time: "0"}
	byVideo, ofFile := problemsOf(f, problems)
	for _, id := range f.Videos {
		s.Cases = append(s.Cases, junitCaseOf(where, id, name, byVideo[id]))
	}
	if len(ofFile) > 0 || len(f.Videos) == 0 {
		s.Cases = append(s.Cases, junitCaseOf(where, name, name, ofFile))
	}
	for _, c := range s.Cases {
		s.Tests++
		if c.Failure != nil {
			s.Failures++
		}
	}
	return s
}

// problemsOf sorts the problems in f by the video they belong to; those
// of no video of f are the file's own.
func problemsOf(f File, problems []Problem) (byVideo map[string][]Problem, ofFile []Problem) {
	videos := map[string]bool{}
	for _, id := range f.Videos {
		videos[id] = true
	}
	byVideo = map[string][]Problem{}
	for _, p := range problems {
		switch {
		case p.File != f.Path:
		case videos[p.Video]:
			byVideo[p.Video] = append(byVideo[p.Video], p)
		default:
			ofFile = append(ofFile, p)
		}
	}
	return byVideo, ofFile
}

func junitCaseOf(where Where, name, class string, problems []Problem) junitCase {
	c := junitCase{Name: name, Classname: class, Time: "0"}
	if len(problems) == 0 {
		return c
	}
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = problemLine(where, p)
	}
	msg := fieldMessage(problems[0])
	if len(problems) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	c.Failure = &junitFailure{Message: msg, Type: "reel.validate", Text: strings.Join(lines, "\n")}
	return c
}

// problemLine is a problem as reel validate prints it, its path from the
// repository's root.
func problemLine(where Where, p Problem) string {
	path, _ := where.Path(p.File)
	if path == "" {
		return fieldMessage(p)
	}
	return place(path, max(p.Line, 1), max(p.Col, 1)) + ": " + fieldMessage(p)
}

func fieldMessage(p Problem) string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}
