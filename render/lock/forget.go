package lock

// Forget removes the videos ids from the lock at path, so that the next
// render creates them anew, and what it could not confirm of the photo
// avatar named avatar ("" for none: see ForgetAvatar). It returns the
// entries it removed, what it forgot of the avatar, and the ids the lock
// did not record.
func Forget(path string, ids []string, avatar string) (gone []*Entry, forgot, missing []string, err error) {
	_, err = Update(path, func(l *Lock) error {
		gone, forgot, missing = nil, nil, nil // Update may call this again
		if avatar != "" {
			forgot = l.ForgetAvatar(avatar)
		}
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
	return gone, forgot, missing, err
}
