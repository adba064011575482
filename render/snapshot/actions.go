package snapshot

import (
	"errors"
	"slices"
	"strings"
	"unsafe"
)

// Action is one video's line of the plan, encoded by the caller.
type Action struct {
	ID     string
	Kind   string
	Output string // the video's output path ("" for an orphan)
	Lock   Span   // its block in reel.lock (zero: none)
	Data   string // the action, as the caller encoded it (one line)
}

// Actions is a snapshot's plan: one line per video, sorted by id. A line
// is parsed only when it is asked for. A re-plan of one edited manifest
// reads its own few lines, and only the ids, kinds and outputs of the ten
// thousand others: parsing them all was a quarter of its work.
type Actions struct{ lines []string }

// Len is the number of actions.
func (as Actions) Len() int { return len(as.lines) }

// ID is action i's video id.
func (as Actions) ID(i int) string { return field(as.lines[i], 1) }

// Kind is action i's kind, as the caller encoded it.
func (as Actions) Kind(i int) string { return field(as.lines[i], 2) }

// Output is action i's output path ("" for an orphan).
func (as Actions) Output(i int) string { return unDash(field(as.lines[i], 3)) }

// At parses action i. An error means a damaged snapshot: plan without it.
func (as Actions) At(i int) (Action, error) { return actionLine(as.lines[i]) }

// Search returns the index of the first action whose id is not less than id.
func (as Actions) Search(id string) int {
	i, _ := slices.BinarySearchFunc(as.lines, id, func(line, id string) int { return strings.Compare(field(line, 1), id) })
	return i
}

// actionFields is how many tab-separated fields an action line has.
const actionFields = 7

// field is the nth tab-separated field of an action line, the last one
// taking the rest. A line short of fields (which only a snapshot forged
// past its checksum holds) gives an empty or wrong field, never a panic;
// At checks every field of the lines it reads.
func field(line string, n int) string {
	last := n == actionFields-1
	if n > 0 && strings.HasPrefix(line, "a\t") { // as every line starts
		line, n = line[2:], n-1
	}
	for range n {
		line = line[strings.IndexByte(line, '\t')+1:] // no tab: the whole line
	}
	if last {
		return line
	}
	if i := strings.IndexByte(line, '\t'); i >= 0 {
		return line[:i]
	}
	return line
}

// errLine says a snapshot line is not one reel writes.
var errLine = errors.New("bad line")

// splitActions splits action lines. Only the first bytes of each are
// checked: the snapshot's checksum guards the rest, and At checks the
// lines it reads. Checking each line's fields here was half the split.
func splitActions(text string) ([]string, error) {
	lines := make([]string, 0, strings.Count(text, "\n"))
	for len(text) > 0 {
		i := strings.IndexByte(text, '\n')
		if i < 0 || !strings.HasPrefix(text, "a\t") {
			return nil, errLine
		}
		lines, text = append(lines, text[:i]), text[i+1:]
	}
	return lines, nil
}

// Actions returns the plan's actions, splitting their lines on first use.
// An error means a damaged snapshot: plan without it.
func (s *Snapshot) Actions() (Actions, error) {
	if err := s.readActions(); err != nil {
		return Actions{}, err
	}
	if s.actionText != "" || s.actionPatch != nil {
		lines, err := splitActions(s.actionText)
		if err != nil {
			return Actions{}, err
		}
		s.actions, s.actionText = s.patchedActions(lines), ""
	}
	if s.from != nil && s.from.lines == nil { // the lines as read, for a patch of what changes
		s.from.lines = s.actions // nothing writes to the lines in place
		if s.from.lines == nil {
			s.from.lines = []string{} // read, and there are none
		}
	}
	return Actions{s.actions}, nil
}

// SetActions replaces the plan's actions, which must be sorted by ID.
// An id, kind or output holding a tab or a newline cannot be recorded.
func (s *Snapshot) SetActions(actions []Action) error {
	lines, err := encodeActions(actions)
	if err != nil {
		return err
	}
	if s.from != nil {
		if _, err := s.Actions(); err != nil {
			s.from = nil // what changed cannot be told: it is written whole
		}
	}
	s.actions, s.actionText, s.lazy, s.actionPatch = lines, "", nil, nil
	return nil
}

// Splice replaces the actions at the indices remove (as Actions numbers
// them) with fresh ones, whose ids no other action has, keeping the order
// by id.
func (s *Snapshot) Splice(remove []int, fresh []Action) error {
	if _, err := s.Actions(); err != nil {
		return err
	}
	add, err := encodeActions(fresh)
	if err != nil {
		return err
	}
	slices.SortFunc(add, func(a, b string) int { return strings.Compare(field(a, 1), field(b, 1)) })
	s.actions = spliced(s.actions, slices.Compact(slices.Sorted(slices.Values(remove))), add)
	return nil
}

// spliced is lines without those at the indices remove (sorted, each
// once), with add (sorted by id) each in its place by id. The lines
// between are moved, not read, into a new array: from.lines may share the
// old one.
func spliced(lines []string, remove []int, add []string) []string {
	at := make([]int, len(add)) // where each goes among the lines as they are
	for j, line := range add {
		at[j] = Actions{lines}.Search(field(line, 1))
	}
	out := make([]string, 0, len(lines)-len(remove)+len(add))
	for i := 0; ; {
		for len(add) > 0 && at[0] == i {
			out, add, at = append(out, add[0]), add[1:], at[1:]
		}
		if len(remove) > 0 && remove[0] == i {
			remove, i = remove[1:], i+1
			continue
		}
		next := len(lines)
		if len(remove) > 0 {
			next = remove[0]
		}
		if len(add) > 0 {
			next = min(next, at[0])
		}
		out, i = append(out, lines[i:next]...), next
		if i == len(lines) && len(add) == 0 {
			return out
		}
	}
}

// encodeActions encodes actions as lines, all in one buffer.
func encodeActions(actions []Action) ([]string, error) {
	var buf []byte
	ends := make([]int, len(actions))
	for i, a := range actions {
		var err error
		if buf, err = appendAction(buf, a); err != nil {
			return nil, err
		}
		ends[i] = len(buf)
	}
	text := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is not written to again
	lines := make([]string, len(actions))
	start := 0
	for i, end := range ends {
		lines[i], start = text[start:end-1], end // without its newline
	}
	return lines, nil
}

// sameLine reports whether two lines are the very same string, as an
// action left alone since it was read is: no bytes compared.
func sameLine(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}
