package main

import (
	"slices"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// unusedAvatars are what `reel gc` lists of photo avatars: the trainings
// reel.lock records that no video uses any more (by the account that
// renders it: a sandbox training is not a real one), which --yes forgets,
// and the avatars reel.yaml declares that no video uses, which are the
// person's to remove from reel.yaml.
func unusedAvatars(set *manifest.Set, l *lock.Lock) (records, declared []string) {
	used := map[string]bool{}
	named := map[string]bool{}
	for _, v := range set.Videos {
		trainer, ok := registry.Trainer(v.ProviderName())
		for _, u := range v.Request.Avatars {
			named[u.Avatar.Name] = true
			if ok {
				used[lock.AvatarID(trainer, u.Avatar.Name)] = true
			}
		}
	}
	for id := range l.Avatars {
		if !used[id] {
			records = append(records, id)
		}
	}
	for name := range set.Project.Avatars {
		if !named[name] {
			declared = append(declared, name)
		}
	}
	slices.Sort(records)
	slices.Sort(declared)
	return records, declared
}

// forgetAvatar is `reel forget --avatar NAME`: what it forgot of the
// avatar, in words ("" NAME forgets nothing).
func forgetAvatar(l *lock.Lock, name string) []string {
	if name == "" {
		return nil
	}
	var out []string
	for _, what := range l.ForgetAvatar(name) {
		out = append(out, "avatar "+what)
	}
	if len(out) == 0 {
		out = append(out, "nothing of avatar "+name+": reel.lock records no training of it")
	}
	return out
}
