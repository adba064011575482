package plan

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// symbols mark each kind of action, as terraform marks its plan.
var symbols = map[Kind]string{
	Create: "+", Render: "~", Download: "↓", Resume: "…", OK: "=", Orphan: "-", Train: "+", Look: "+",
}

// colors are the ANSI colors of the symbols on a terminal, terraform's
// where it has one: green adds, yellow changes, red removes; a download
// is cyan, a job in flight blue, and what is up to date is dim.
var colors = map[Kind]string{
	Create: "32", Render: "33", Download: "36", Resume: "34", OK: "2", Orphan: "31", Train: "32", Look: "32",
}

// Symbol is the mark of an action of kind k, in color if color is set.
func Symbol(k Kind, color bool) string {
	if !color {
		return symbols[k]
	}
	return "\x1b[" + colors[k] + "m" + symbols[k] + "\x1b[0m"
}

// Options choose what Print shows.
type Options struct {
	Diff  bool // the changed fields of each re-render
	All   bool // the videos that are up to date too
	Color bool // the symbols in color, for a terminal
	// Sizes counts the videos of each manifest with rows, which are listed
	// under it unless Diff or All; nil counts them in the actions given,
	// which must then be all the plan's.
	Sizes Sizes
}

// order is how the summary line lists the kinds.
var order = []Kind{Create, Render, Download, Resume, OK, Orphan}

// Print writes the plan for a person: one line per action that has work
// to do (all of them with o.All), the changes of each re-render with
// o.Diff, then the totals and the cost. Like terraform it does not list
// what is up to date: in a repo of ten thousand videos that is the noise.
func Print(out io.Writer, p *Plan, o Options) {
	PrintHead(out, p.Actions, HeadOf(p), o)
}

// PrintHead is Print for a plan known by its head, with only the actions
// to list: the ones with work to do, or all of them with o.All.
func PrintHead(out io.Writer, actions []Action, h Head, o Options) {
	diff, all := o.Diff, o.All
	if !diff && !all {
		if o.Sizes == nil {
			o.Sizes = sizesOf(actions)
		}
		actions = grouped(actions, o.Sizes)
	}
	w := bufio.NewWriter(out)
	defer w.Flush()
	width := 0
	for _, a := range actions {
		if all || a.Kind != OK {
			width = max(width, len(a.ID))
		}
	}
	shown := printAvatars(w, h.Avatars, all, o.Color, &width)
	for _, a := range actions {
		if a.Kind == OK && !all {
			continue
		}
		shown++
		line := fmt.Sprintf("%s %-8s %-*s  %s", Symbol(a.Kind, o.Color), a.Kind, width, a.ID, a.Reason)
		if a.Kind.Paid() {
			line += "  " + a.Cost.String()
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		if diff && a.Kind == Render {
			for _, c := range a.Changes {
				fmt.Fprintln(w, diffLine(c))
			}
		}
	}
	if shown > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, h.Summary())
}

// diffLine is one change as --diff lists it: the manifest's field, its
// old and new value, and the request's field when it is named otherwise.
func diffLine(c Change) string {
	line := fmt.Sprintf("      %s: %s → %s", c.Field, orNone(c.Old), orNone(c.New))
	if c.Request != "" && c.Request != c.Field {
		line += "  (request: " + c.Request + ")"
	}
	return line
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Summary is the plan's last line: counts and what it costs.
func Summary(p *Plan) string { return summary(p.Counts(), p.Avatars, p.Paid(), p.Total) }

func summary(counts map[Kind]int, avatars []AvatarAction, paid bool, total Cost) string {
	parts := avatarCounts(avatars)
	for _, k := range order {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, words[k]))
		}
	}
	if len(parts) == 0 {
		return "Plan: no videos."
	}
	s := "Plan: " + strings.Join(parts, ", ") + "."
	if paid {
		s += " Estimated cost: " + total.String() + "."
	} else {
		s += " Nothing to pay."
	}
	return s
}

var words = map[Kind]string{
	Create: "to create", Render: "to re-render", Download: "to download", Resume: "in flight", OK: "up to date", Orphan: "orphaned",
}

// String renders an estimate: dollars, credits and the video length.
func (c Cost) String() string {
	s := fmt.Sprintf("$%.2f", c.USD)
	if c.Unknown {
		s = "at least " + s
	}
	if c.Credits > 0 {
		s += fmt.Sprintf(" (%g credits)", round2(c.Credits))
	}
	s += fmt.Sprintf(" for ~%s", clock(c.Seconds))
	if c.Measured {
		s += " (measured)"
	}
	if !c.Priced() {
		s += fmt.Sprintf(", and an unknown cost at %s (no published price: set %s in reel.yaml)", strings.Join(c.unpriced(), " and "), pricingFields(c.unpriced()))
	}
	return s
}

// pricingFields names reel.yaml's pricing.<name> of each provider.
func pricingFields(names []string) string {
	fields := make([]string, len(names))
	for i, name := range names {
		fields[i] = "pricing." + name
	}
	return strings.Join(fields, " and ")
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }

func clock(secs float64) string {
	s := int(secs + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// jsonAction is an action as `reel plan --json` prints it (reel schema
// plan).
type jsonAction struct {
	ID      string       `json:"id"`
	Action  Kind         `json:"action"`
	Reason  string       `json:"reason"`
	Key     string       `json:"key,omitempty"`
	Changes []jsonChange `json:"changes,omitempty"`
	Cost    *Cost        `json:"cost,omitempty"`
}

// jsonChange is a Change with its values as JSON values, not as strings
// holding JSON; a value absent on one side is left out.
type jsonChange struct {
	Field   string          `json:"field"`
	Request string          `json:"request,omitempty"`
	Old     json.RawMessage `json:"old,omitempty"`
	New     json.RawMessage `json:"new,omitempty"`
}

func jsonChanges(cs []Change) []jsonChange {
	var out []jsonChange
	for _, c := range cs {
		out = append(out, jsonChange{c.Field, c.Request, jsonValue(c.Old), jsonValue(c.New)})
	}
	return out
}

// jsonValue is a Change's value as JSON: it is JSON already, but a plan
// read from an older snapshot may hold a key's prefix bare, which is
// given as a string.
func jsonValue(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

// WriteJSON writes the plan as one JSON document.
func WriteJSON(w io.Writer, p *Plan) error {
	out := struct {
		Avatars []jsonAvatar `json:"avatars,omitempty"`
		Actions []jsonAction `json:"actions"`
		Total   Cost         `json:"total"`
		Pending bool         `json:"pending"`
	}{Avatars: jsonAvatars(p.Avatars), Total: p.Total, Pending: p.Pending(), Actions: []jsonAction{}}
	for _, a := range p.Actions {
		ja := jsonAction{ID: a.ID, Action: a.Kind, Reason: a.Reason, Key: a.Key, Changes: jsonChanges(a.Changes)}
		if a.Kind.Paid() {
			c := a.Cost
			ja.Cost = &c
		}
		out.Actions = append(out.Actions, ja)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
