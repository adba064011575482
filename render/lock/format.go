package lock

import (
	"encoding/binary"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The text format, one video per block:
//
//	# reel.lock: written by reel; do not edit. ...
//	version 1
//
//	video onboarding/welcome
//		state done
//		…
//		history 1a2b… provider=heygen/v3 job=… size=…
//		key 3f2a…
//
// A block is a `video ID` line followed by field lines that each start with
// one tab; blocks are sorted by id and separated by one blank line, and a
// constant footer line ends the file. Git merges two changes cleanly when
// at least one unchanged line lies between them, so the blank line, the
// next `video` line and the footer keep an edit of one block from ever
// touching its neighbour's hunk.
//
// A block's first line names its video and its last line is its render
// key, so two blocks never start or end alike. That is for `reel.lock
// merge=union`, which takes both sides of a conflict but writes once the
// lines they start or end with: two videos added at one place on two
// branches would otherwise share a trailing `cost_usd 0.42` or `state
// pending`, and the first would lose it.
//
// Values are written bare unless they are empty or hold whitespace, a double
// quote, a non-printable rune or invalid UTF-8; then they are written with
// strconv.Quote. Bare values therefore never need escaping, and a reader
// can tell the two apart by the first byte. A lock written before requests
// moved to the Store may hold `request` lines of compact JSON, written as
// is; they are still read, and dropped at the next write.
//
// Numbers are canonical so that equal values give equal bytes: sizes are
// base-10 integers, duration and cost_usd are strconv.FormatFloat(v, 'f',
// -1, 64), the shortest decimal that reads back to the same float64. None
// may be negative, NaN or infinite. Zero numbers and empty strings are
// omitted. The reader accepts only these canonical forms.

// header opens every lock. It is comments plus the version line, so a
// reader that meets it knows the format before the first video.
const header = "# reel.lock: written by reel; do not edit by hand.\n" +
	"# If it is damaged, restore it from git (git checkout reel.lock).\n" +
	"version 1\n"

// footer closes every lock. It never changes, so a video added at the end
// of the file is separated by unchanged lines (a blank line before it, the
// footer after it) from an edit of the last video; without it the two hunks
// would touch and git would report a conflict.
const footer = "\n# end of reel.lock\n"

// Field names, in the order they are written, but for key, which is
// written last.
const (
	fKey      = "key"
	fState    = "state"
	fProvider = "provider"
	fJob      = "job"
	fOutput   = "output"
	fSize     = "size"
	fSHA256   = "sha256"
	fDuration = "duration"
	fCostUSD  = "cost_usd"
	fError    = "error"
	fRequest  = "request"
	fUpload   = "upload"
	fReplace  = "replaces"
	fHistory  = "history"
)

// needsQuote says whether s cannot be written bare: a bare value ends at
// whitespace (history attributes) or at the end of the line, and must read
// back to exactly the same bytes.
//
// Every value of a lock goes through it on each read and write, and they
// are nearly all ASCII (hex keys and hashes, ids, paths), so eight bytes at
// a time are checked for the three ASCII ranges that need quotes, the rest
// byte by byte in a table; the first byte past ASCII hands the rest of s to
// needsQuoteRunes.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		if x&high != 0 {
			break // not ASCII: the byte loop finds where
		}
		if zeroByte(x^(0x22*ones)) || zeroByte(x^(0x7f*ones)) || (x-0x21*ones)&high != 0 {
			return true // '"', DEL, or below '!' (space and controls)
		}
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return needsQuoteRunes(s[i:])
		}
		if quoteASCII[c] {
			return true
		}
	}
	return false
}

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// zeroByte reports whether any byte of x is 0.
func zeroByte(x uint64) bool { return (x-ones)&^x&high != 0 }

// needsQuoteRunes is needsQuote by the rules themselves, for any s.
func needsQuoteRunes(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if quoteRune(r) {
			return true
		}
	}
	return false
}

// quoteRune is the rule for one rune: a quote, a space or a rune that
// strconv.Quote would escape.
func quoteRune(r rune) bool { return r == '"' || unicode.IsSpace(r) || !strconv.IsPrint(r) }

// quoteASCII is quoteRune for each ASCII rune, computed from it.
var quoteASCII = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = quoteRune(r)
	}
	return t
}()

// quote writes s bare when it can and quoted when it must.
func quote(s string) string {
	if needsQuote(s) {
		return strconv.Quote(s)
	}
	return s
}

// formatFloat is the one canonical spelling of a duration or a cost.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// formatInt is the one canonical spelling of a size.
func formatInt(n int64) string { return strconv.FormatInt(n, 10) }

// validState says whether s is one of the states a lock may hold.
func validState(s State) bool { return s == Pending || s == Done || s == Failed }
