package plan

import "encoding/json"

// encodedAction is an action as the snapshot keeps it: what Print,
// WriteJSON and Summary need, without the video and lock entry.
type encodedAction struct {
	Reason  string   `json:"r"`
	Key     string   `json:"y,omitempty"`
	Changes []Change `json:"c,omitempty"`
	Cost    Cost     `json:"$"`
	Group   string   `json:"g,omitempty"`
}

// EncodeAction is one action as one line of compact JSON; its id and
// kind are kept beside it by the caller.
func EncodeAction(a Action) string {
	b, _ := json.Marshal(encodedAction{a.Reason, a.Key, a.Changes, a.Cost, a.Group})
	return string(b)
}

// DecodeAction reads an action written by EncodeAction.
func DecodeAction(id string, kind Kind, data string) (Action, error) {
	var in encodedAction
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return Action{}, err
	}
	return Action{ID: id, Kind: kind, Reason: in.Reason, Key: in.Key, Changes: in.Changes, Cost: in.Cost, Group: in.Group}, nil
}

// Head is what a plan's summary needs, kept apart from the actions so a
// no-op can say "Plan: 10000 up to date." without decoding ten thousand
// actions.
type Head struct {
	Counts map[Kind]int `json:"n"`
	Total  Cost         `json:"t"`
	// Avatars are the plan's avatar actions, whole: a project has few.
	Avatars []AvatarAction `json:"a,omitempty"`
}

// HeadOf summarises a plan.
func HeadOf(p *Plan) Head { return Head{Counts: p.Counts(), Total: p.Total, Avatars: p.Avatars} }

// Pending reports whether the plan has anything to do (orphans aside).
func (h Head) Pending() bool {
	if avatarsPending(h.Avatars) {
		return true
	}
	for k, n := range h.Counts {
		if n > 0 && k != OK && k != Orphan {
			return true
		}
	}
	return false
}

// Paid reports whether the plan pays a provider.
func (h Head) Paid() bool { return h.Counts[Create]+h.Counts[Render] > 0 || avatarsPaid(h.Avatars) }

// Spends reports whether carrying the plan out is estimated to cost money:
// it pays a provider, and the estimate is above zero or only a lower
// bound. A plan of renders that cost nothing (the sandbox's) spends none.
func (h Head) Spends() bool {
	return h.Paid() && (h.Total.USD > 0 || h.Total.Credits > 0 || h.Total.Unknown || !h.Total.Priced())
}

// Summary is Summary of the plan h was made from.
func (h Head) Summary() string { return summary(h.Counts, h.Avatars, h.Paid(), h.Total) }
