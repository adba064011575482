package lock

// Set records e as the current render of video e.ID, taking ownership of
// e. Nothing paid for is forgotten: if the previous entry was a finished
// render and e is not that same finished render (a new key, or a forced
// re-render still pending or failed), the previous render moves to the
// front of History. History stays newest first, one record per key, at
// most MaxHistory long, and without the key e itself holds once Done.
//
// Pass a new Entry or a copy: an entry changed in place has already lost
// its previous render by the time Set sees it.
func (l *Lock) Set(e *Entry) {
	if l.Videos == nil {
		l.Videos = map[string]*Entry{}
	}
	var hist []Render
	prev := l.Videos[e.ID]
	if prev != nil && prev != e && prev.State == Done {
		hist = append(hist, prev.Render())
	}
	hist = append(hist, e.History...)
	if prev != nil && prev != e {
		hist = append(hist, prev.History...)
	}
	e.History = trimHistory(hist, e)
	l.Videos[e.ID] = e
}

// trimHistory keeps the newest record of each key, drops the one the entry
// now holds as Done, and caps the length.
func trimHistory(hist []Render, e *Entry) []Render {
	var out []Render
	seen := map[string]bool{}
	if e.State == Done {
		seen[e.Key] = true
	}
	for _, r := range hist {
		if seen[r.Key] || len(out) == MaxHistory {
			continue
		}
		seen[r.Key] = true
		out = append(out, r)
	}
	return out
}

// Remove forgets video id and its history, for gc of videos no manifest
// names any more.
func (l *Lock) Remove(id string) { delete(l.Videos, id) }
