package lock

// Forget removes the videos ids from the lock at path, so that the next
// render creates them anew. It returns the entries it removed, and the ids
// the lock did not record.
func Forget(path string, ids []string) (gone []*Entry, missing []string, err error) {
	_, err = Update(path, func(l *Lock) error {
		gone, missing = nil, nil // Update may call this again
		for _, id := range ids {
			if e := l.Videos[id]; e != nil {
				gone = append(gone, e)
				l.Remove(id)
			} else {
				missing = append(missing, id)
			}
		}
		return nil
	})
	return gone, missing, err
}
