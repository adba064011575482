package lock

import (
	"strings"

	"github.com/reel-dev/reel/internal/textsafe"
)

// An avatar block is read as strictly as a video's: an unknown or repeated
// field, a malformed key or a block that fails its check line is an error
// with its position, never a guess (see format.go). Its fields may come in
// any order, but for its check and key lines, which end it.

// avatarLine opens an `avatar ID` block.
func (d *decoder) avatarLine(n int, v string) error {
	const col = len("avatar ") + 1
	switch {
	case d.version == 0:
		return d.errorf(n, 1, fixRestore, "an avatar before the version line")
	case d.version < AvatarsVersion:
		return d.errorf(n, 1, fixRestore, "an avatar block in a version %d lock, which has none (avatars make a lock version %d): its version line was changed", d.version, AvatarsVersion)
	}
	id, err := d.name(n, col, "avatar id", v)
	if err != nil {
		return err
	}
	d.close()
	if _, dup := d.l.Avatars[id]; dup {
		return d.errorf(n, col, fixMerge, "avatar %s appears twice", quote(id))
	}
	a := &Avatar{ID: id}
	d.l.SetAvatar(a)
	d.av, d.curLine, d.avSeen, d.checkLine = a, n, 0, 0
	d.curStart, d.curEnd = d.pos, d.next
	return nil
}

// avatarFields are the names an avatar block's field lines may have, by
// their bit in decoder.avSeen.
var avatarFields = []string{fKey, fCheck, fState, fPhotos, fName, fGroup, fTrained, fError, fLook}

// avatarField reads one `\tNAME VALUE` line of the open avatar block.
func (d *decoder) avatarField(n int, s string) error {
	d.curEnd = d.next
	name, v, ok := strings.Cut(s, " ")
	if !ok {
		return d.errorf(n, 2, fixRestore, "field %s has no value", quote(s))
	}
	col := 1 + len(name) + 2
	bit := -1
	for i, f := range avatarFields {
		if f == name {
			bit = i
		}
	}
	switch {
	case bit < 0:
		return d.errorf(n, 2, fixNewer, "unknown field %s in avatar %s", quote(name), quote(d.av.ID))
	case d.avSeen&1 != 0:
		return d.errorf(n, 2, fixRestore, "field %s after the key line of avatar %s: the key line ends a block", quote(name), quote(d.av.ID))
	case d.avSeen&(1<<bit) != 0 && name != fLook:
		return d.errorf(n, 2, fixMerge, "field %s appears twice in avatar %s", quote(name), quote(d.av.ID))
	}
	d.avSeen |= 1 << bit
	a := d.av
	var err error
	switch name {
	case fKey:
		a.Key, err = d.key(n, col, v)
	case fCheck:
		err = d.checkField(n, col, v)
	case fState:
		a.State, err = enumValue(d, n, col, v, avatarStates)
	case fPhotos:
		a.Photos, err = d.hash(n, col, "photos key", v)
	case fName:
		a.Name, err = d.name(n, col, fName, v)
	case fGroup:
		a.Group, err = d.name(n, col, fGroup, v)
	case fTrained:
		a.Trained, err = d.name(n, col, fTrained, v)
	case fError:
		a.Error, err = d.value(n, col, v)
		a.Error = textsafe.OneLine(a.Error)
	case fLook:
		err = d.lookLine(n, col, v)
	}
	return err
}

// lookLine reads `look KEY name=… state=… generation=… ids=a,b error=…`.
func (d *decoder) lookLine(n, col int, s string) error {
	_, rest, err := d.token(n, col, s)
	if err != nil {
		return err
	}
	var r LookRecord
	if r.Key, err = d.hash(n, col, "look key", s[:len(s)-len(rest)]); err != nil {
		return err
	}
	if _, dup := d.av.Look(r.Key); dup {
		return d.errorf(n, col, fixMerge, "look %s appears twice in avatar %s", quote(r.Key), quote(d.av.ID))
	}
	col += len(s) - len(rest)
	seen := map[string]bool{}
	for rest != "" {
		if rest[0] != ' ' {
			return d.errorf(n, col, fixRestore, "want a space between look attributes")
		}
		rest, col = rest[1:], col+1
		name, after, ok := strings.Cut(rest, "=")
		if !ok || seen[name] || name == "" || strings.ContainsAny(name, " \"") {
			return d.errorf(n, col, fixRestore, "bad or repeated look attribute %s", quote(firstWord(rest)))
		}
		seen[name] = true
		vcol := col + len(name) + 1
		var v string
		if v, rest, err = d.token(n, vcol, after); err != nil {
			return err
		}
		if err := d.lookAttr(&r, n, col, vcol, name, v); err != nil {
			return err
		}
		col = vcol + len(after) - len(rest)
	}
	if r.State == "" {
		return d.errorf(n, col, fixRestore, "look %s has no state", quote(r.Key))
	}
	d.av.Looks = append(d.av.Looks, r)
	return nil
}

func (d *decoder) lookAttr(r *LookRecord, n, col, vcol int, name, v string) (err error) {
	if name == fError {
		v = textsafe.OneLine(v)
	} else if err := d.printable(n, vcol, name, v); err != nil {
		return err
	}
	switch name {
	case fName:
		r.Name = v
	case fState:
		r.State, err = enumValue(d, n, vcol, v, lookStates)
	case fGen:
		r.Generation = v
	case fIDs:
		r.IDs = strings.Split(v, ",")
		for _, id := range r.IDs {
			if id == "" || strings.ContainsAny(id, " \t\"") {
				return d.errorf(n, vcol, fixRestore, "look ids %s: want ids without spaces or quotes, separated by commas", quote(v))
			}
		}
	case fError:
		r.Error = v
	default:
		return d.errorf(n, col, fixNewer, "unknown look attribute %s", quote(name))
	}
	return err
}

// enumValue reads a state: one of want.
func enumValue[S ~string](d *decoder, n, col int, v string, want []S) (S, error) {
	for _, s := range want {
		if string(s) == v {
			return s, nil
		}
	}
	names := make([]string, len(want))
	for i, s := range want {
		names[i] = string(s)
	}
	return "", d.errorf(n, col, fixRestore, "bad state %s (want %s)", quote(v), strings.Join(names, ", "))
}

// closeAvatar ends the open avatar block: it must have a key and a state.
func (d *decoder) closeAvatar() {
	if a := d.av; (a.Key == "" || a.State == "") && d.incomplete == 0 {
		d.incomplete, d.incompleteID = d.curLine, "avatar "+quote(a.ID)
	}
	d.av = nil
}
