package cireport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Prop is one property of a workflow command: file=videos/a.yaml.
type Prop struct{ Name, Value string }

// Command is one GitHub Actions workflow command line,
// ::name prop=value,...::data, with its properties and data escaped by
// GitHub's rules (actions/toolkit's escapeProperty and escapeData), so
// no text a user wrote can end the command early or start another: a
// newline, carriage return or % in either, and a , or : in a property,
// are written as %XX.
func Command(name string, props []Prop, data string) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(name)
	for i, p := range props {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		b.WriteString(escapeProperty(p.Value))
	}
	b.WriteString("::")
	b.WriteString(escapeData(data))
	return b.String()
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// Annotate writes one ::error annotation per problem: on its file, line
// and column from the repository's root, so GitHub shows it on the line
// of the pull request's diff, titled with the field. A problem in no file
// of the repository is annotated without a file, its place in the text.
func Annotate(w io.Writer, where Where, problems []Problem) error {
	for _, p := range problems {
		if _, err := fmt.Fprintln(w, annotation(where, p)); err != nil {
			return err
		}
	}
	return nil
}

func annotation(where Where, p Problem) string {
	title := "reel"
	if p.Field != "" {
		title = p.Field
	}
	path, inRepo := where.Path(p.File)
	msg := p.Message
	var props []Prop
	switch {
	case inRepo:
		props = append(props, Prop{"file", path})
		if p.Line > 0 {
			props = append(props, Prop{"line", strconv.Itoa(p.Line)})
			if p.Col > 0 {
				props = append(props, Prop{"col", strconv.Itoa(p.Col)})
			}
		}
	case path != "":
		msg = place(path, p.Line, p.Col) + ": " + msg
	}
	props = append(props, Prop{"title", title})
	return Command("error", props, msg)
}

// place is file:line:col, as much of it as is known.
func place(path string, line, col int) string {
	if line <= 0 {
		return path
	}
	if col <= 0 {
		return fmt.Sprintf("%s:%d", path, line)
	}
	return fmt.Sprintf("%s:%d:%d", path, line, col)
}

// Group writes body as a folded group of the log, titled title. A body
// holding "::" is fenced by ::stop-commands:: with a token derived from
// it, so a line of a long log that a manifest wrote is shown, never run
// as a workflow command.
func Group(w io.Writer, title, body string) error {
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	var b strings.Builder
	b.WriteString(Command("group", nil, title) + "\n")
	if strings.Contains(body, "::") {
		token := stopToken(body)
		b.WriteString(Command("stop-commands", nil, token) + "\n")
		b.WriteString(body)
		b.WriteString("::" + token + "::\n")
	} else {
		b.WriteString(body)
	}
	b.WriteString(Command("endgroup", nil, "") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// stopToken is the token that resumes workflow commands after body: a
// hash of body, which no body can be made to hold (it would hold its own
// hash), so the body cannot resume them early.
func stopToken(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "reel-" + hex.EncodeToString(sum[:16])
}
