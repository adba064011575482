package snapshot

import (
	"bytes"
	"strings"
	"unsafe"
)

// maxLastEdited is the most files of the last patch that lastEdited stats.
const maxLastEdited = 8

// lastEdited reports whether a file line of the snapshot's last patch, in
// patches (the bytes after the base), no longer stats as recorded. The last patch is what the
// last re-plan wrote: the manifests it found edited, as it read them. One
// working on a manifest plans after each save of it, so the next plan
// finds it changed again there before decoding the whole snapshot,
// and can start what an edit needs on a core that would sit idle through
// the decode. The patch's checksum is not checked yet, so this is a hint:
// the check that follows decides.
func lastEdited(patches []byte) bool {
	i := bytes.LastIndex(patches, []byte("\npatch\t")) + 1 // 0: the first patch, if any
	if !bytes.HasPrefix(patches[i:], []byte("patch\t")) {
		return false
	}
	text := unsafe.String(unsafe.SliceData(patches[i:]), len(patches)-i) // patches are not written to
	for n := 0; n < maxLastEdited; {
		line, rest, ok := strings.Cut(text, "\n")
		if !ok || strings.HasPrefix(line, "head\t") {
			return false
		}
		text = rest
		var p [7]string
		if !strings.HasPrefix(line, "f\t") || !fields(line, p[:]) || strings.Contains(p[3], "d") {
			continue // files only: a folder's listing changes without an edit
		}
		n++
		size, err1 := parseInt(p[1])
		mtime, err2 := parseInt(p[2])
		now, err := Stat(p[6])
		if err1 == nil && err2 == nil && err == nil && (now.Size != size || now.Mtime != mtime) {
			return true
		}
	}
	return false
}
