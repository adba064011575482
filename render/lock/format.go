package lock

import (
	"encoding/binary"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// The text format, one video per block:
//
//	# reel.lock: written by reel; do not edit by hand.
//	# If it is damaged, restore it from git (git checkout reel.lock).
//	version 2
//
//	video onboarding/welcome
//		state done
//		…
//		history 1a2b… provider=heygen/v3 job=… size=…
//		check 9c0e5a21
//		key 3f2a…
//
//	# end of reel.lock
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
// A damaged lock is an error, never a shorter lock: a video the reader
// lost would be created, and paid for, again. Three rules make every
// damage show:
//
//   - The footer `# end of reel.lock` is the file's last line, once, with
//     its newline. A file cut short, at a block boundary or by one byte,
//     lacks it. It is constant context to git, so every merge keeps it.
//   - A render key (`key`, a history record's first value) and a `sha256`
//     are 64 lowercase hex digits, a check 8: a cut or a stray character
//     inside one is refused at its column.
//   - Each block's second-last line is `check` and 8 lowercase hex digits:
//     the CRC-32C (Castagnoli, in hardware on amd64 and arm64) of the
//     block's other lines, its `video` line through the line before
//     `check`, then its `key` line, each ending in a newline. The key line
//     comes after the check line (it stays last, for merge=union) and is
//     counted all the same: it is the value that decides what is paid
//     for. A changed byte or a lost line anywhere in the block fails the
//     check, naming the video; a comment line inside a block counts like
//     any other line. The check covers one block, so a merge that
//     takes whole blocks from either side, plain or union, keeps every
//     check valid; a merge that mixed two versions of one block fails it.
//     It is counted over the lines without the carriage return of a CRLF
//     line end, so a checkout with core.autocrlf reads as it was written.
//     A CRC finds damage; it is no signature against a forged block, which
//     is a change to a committed file that git shows.
//
// Version 1 (earlier reels) has no check lines; it is read by the other
// two rules and written back as version 2 at the next write. A check line
// in it is refused, as is a version 2 block whose key line does not come
// right after its check line.
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

// headerComments open every lock, before its version line.
const headerComments = "# reel.lock: written by reel; do not edit by hand.\n" +
	"# If it is damaged, restore it from git (git checkout reel.lock).\n"

// header opens every lock Encode writes. It is comments plus the version
// line, so a reader that meets it knows the format before the first video.
var header = headerOf(Version)

// headerOf is the header of a lock of version v.
func headerOf(v int) string { return headerComments + "version " + strconv.Itoa(v) + "\n" }

// footerLine is the last line of every lock: its absence is how a reader
// knows the file was cut short.
const footerLine = "# end of reel.lock"

// footer closes every lock. It never changes, so a video added at the end
// of the file is separated by unchanged lines (a blank line before it, the
// footer after it) from an edit of the last video; without it the two hunks
// would touch and git would report a conflict.
const footer = "\n" + footerLine + "\n"

// Field names, in the order they are written, but for check and key,
// which are written last.
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
	fCheck    = "check"
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
