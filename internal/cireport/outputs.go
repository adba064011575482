package cireport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Output is one step output: a name and its value.
type Output struct{ Name, Value string }

// WriteOutputs writes outputs in the form of $GITHUB_OUTPUT: name=value,
// or for a value of several lines the heredoc form,
//
//	name<<ghadelimiter_...
//	value
//	ghadelimiter_...
//
// with a delimiter that is no line of the value. A name must be letters,
// digits, - and _.
func WriteOutputs(w io.Writer, outs []Output) error {
	var b strings.Builder
	for _, o := range outs {
		if !validName(o.Name) {
			return fmt.Errorf("output name %q: use letters, digits, - and _", o.Name)
		}
		if !strings.ContainsAny(o.Value, "\r\n") {
			fmt.Fprintf(&b, "%s=%s\n", o.Name, o.Value)
			continue
		}
		d := delimiter(o.Value)
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", o.Name, d, o.Value, d)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// delimiter is a heredoc delimiter for value: derived from it, so the
// file is the same for the same outputs, and never one of its lines (one
// that is, which a value cannot be made to hold, gets a counter).
func delimiter(value string) string {
	sum := sha256.Sum256([]byte(value))
	base := "ghadelimiter_" + hex.EncodeToString(sum[:16])
	d := base
	for i := 1; holdsLine(value, d); i++ {
		d = base + "_" + strconv.Itoa(i)
	}
	return d
}

// holdsLine reports whether line is one of s's lines, split as the runner
// splits them (at \n, \r\n or \r).
func holdsLine(s, line string) bool {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	for _, l := range strings.Split(s, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// PlanOutputs are a plan's step outputs: how many videos of each action
// (to-create, to-rerender, to-download, in-flight, up-to-date, orphaned),
// the estimate (cost in USD, credits, seconds), whether a paid render is
// pending (paid-pending: the estimate is above zero), whether anything
// is (pending), whether the estimate is over the budget (over-budget),
// the summary line, and the ids of the videos to pay for, one a line
// (videos).
func PlanOutputs(p Plan) []Output {
	n := p.counts()
	var outs []Output
	for _, k := range kinds {
		outs = append(outs, Output{k.output, strconv.Itoa(n[k.action])})
	}
	var paidIDs []string
	for _, r := range p.Rows {
		if paid(r.Action) {
			paidIDs = append(paidIDs, r.Video)
		}
	}
	return append(outs,
		Output{"cost", fmt.Sprintf("%.2f", p.Total.USD)},
		Output{"credits", strconv.FormatFloat(p.Total.Credits, 'f', -1, 64)},
		Output{"seconds", strconv.Itoa(int(p.Total.Seconds + 0.5))},
		Output{"paid-pending", strconv.FormatBool(p.Spends())},
		Output{"pending", strconv.FormatBool(p.Pending())},
		Output{"over-budget", strconv.FormatBool(p.OverBudget())},
		Output{"summary", p.Summary()},
		Output{"videos", strings.Join(paidIDs, "\n")},
	)
}

// ValidationOutputs are a validation's step outputs: the number of
// manifests read (manifests), of errors (errors) and of files with
// errors (invalid-files).
func ValidationOutputs(v Validation) []Output {
	files := map[string]bool{}
	for _, p := range v.Problems {
		files[p.File] = true
	}
	return []Output{
		{"manifests", strconv.Itoa(len(v.Files))},
		{"errors", strconv.Itoa(len(v.Problems))},
		{"invalid-files", strconv.Itoa(len(files))},
	}
}
