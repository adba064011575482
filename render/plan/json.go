package plan

import "encoding/json"

// Encode is the plan as compact JSON, for the snapshot: what Print,
// WriteJSON and Summary need, without the videos and lock entries.
func Encode(p *Plan) []byte {
	type action struct {
		ID      string   `json:"i"`
		Kind    Kind     `json:"k"`
		Reason  string   `json:"r"`
		Key     string   `json:"y,omitempty"`
		Changes []Change `json:"c,omitempty"`
		Cost    Cost     `json:"$"`
	}
	out := struct {
		Actions []action `json:"a"`
		Total   Cost     `json:"t"`
	}{Total: p.Total, Actions: make([]action, len(p.Actions))}
	for i, a := range p.Actions {
		out.Actions[i] = action{a.ID, a.Kind, a.Reason, a.Key, a.Changes, a.Cost}
	}
	b, _ := json.Marshal(out)
	return b
}

// Decode reads a plan written by Encode.
func Decode(data []byte) (*Plan, error) {
	var in struct {
		Actions []struct {
			ID      string   `json:"i"`
			Kind    Kind     `json:"k"`
			Reason  string   `json:"r"`
			Key     string   `json:"y"`
			Changes []Change `json:"c"`
			Cost    Cost     `json:"$"`
		} `json:"a"`
		Total Cost `json:"t"`
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, err
	}
	p := &Plan{Total: in.Total, Actions: make([]Action, len(in.Actions))}
	for i, a := range in.Actions {
		p.Actions[i] = Action{ID: a.ID, Kind: a.Kind, Reason: a.Reason, Key: a.Key, Changes: a.Changes, Cost: a.Cost}
	}
	return p, nil
}

// Head is what a plan's summary needs, kept apart from the actions so a
// no-op can say "Plan: 10000 up to date." without decoding ten thousand
// actions.
type Head struct {
	Counts map[Kind]int `json:"n"`
	Total  Cost         `json:"t"`
}

// HeadOf summarises a plan.
func HeadOf(p *Plan) Head { return Head{Counts: p.Counts(), Total: p.Total} }

// Pending reports whether the plan has anything to do (orphans aside).
func (h Head) Pending() bool {
	for k, n := range h.Counts {
		if n > 0 && k != OK && k != Orphan {
			return true
		}
	}
	return false
}

// Summary is Summary of the plan h was made from.
func (h Head) Summary() string {
	paid := h.Counts[Create]+h.Counts[Render] > 0
	return summary(h.Counts, paid, h.Total)
}
