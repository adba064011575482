package planner

// CurrentKeys adds to keys the render key each video of ids has now, as
// its manifest says: for videos reel.lock does not record (another
// machine's create, which reel forget gives up in the store by the key).
// Videos that no manifest defines, or that do not load, are left out.
func (pl *Planner) CurrentKeys(ids []string, keys map[string]string) {
	if len(ids) == 0 {
		return
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	set, _ := pl.Load(nil)
	if set == nil {
		return
	}
	for _, v := range set.Videos {
		if want[v.ID] {
			keys[v.ID] = v.Request.Key
		}
	}
}
