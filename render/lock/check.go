package lock

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// castagnoli is the CRC-32C table; crc32.Update computes with it in
// hardware where the CPU has an instruction for it (SSE 4.2, ARMv8).
// It is made when a lock is first checked: making it sets up the
// hardware path's tables, which a run that reads no lock need not pay.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// Lengths of the hex values a lock holds.
const (
	hashLen  = 64 // a render key or a SHA-256
	checkLen = 8  // a block's CRC-32C
)

// hexDigit maps each lowercase hex digit to its value plus one, any other
// byte to 0: a table, because every key and hash of a lock is checked on
// every read.
var hexDigit = func() (t [256]uint8) {
	for i, c := range "0123456789abcdef" {
		t[c] = uint8(i) + 1
	}
	return t
}()

// isHex says whether s is exactly n lowercase hex digits.
//
// It runs for two hashes of every entry on each read and write, so eight
// bytes are checked at a time: an ASCII byte c is a digit when adding 0x50
// sets its high bit and adding 0x46 does not (0x30 <= c < 0x3a), a letter
// when adding 0x1f does and adding 0x19 does not (0x61 <= c < 0x67); no
// sum of an ASCII byte carries into its neighbour. The rest goes byte by
// byte through hexDigit.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		digit := (x + 0x50*ones) &^ (x + 0x46*ones)
		letter := (x + 0x1f*ones) &^ (x + 0x19*ones)
		if x&high != 0 || (digit|letter)&high != high {
			return false
		}
	}
	for ; i < len(s); i++ {
		if hexDigit[s[i]] == 0 {
			return false
		}
	}
	return true
}

// parseCheck reads a check value, and says whether it is one.
func parseCheck(s string) (uint32, bool) {
	if !isHex(s, checkLen) {
		return 0, false
	}
	var v uint32
	for i := 0; i < len(s); i++ {
		v = v<<4 | uint32(hexDigit[s[i]]-1)
	}
	return v, true
}

// appendCheck appends v as a check value: 8 lowercase hex digits.
func appendCheck(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>shift&0xf])
	}
	return b
}

var newline = []byte{'\n'}

// updateCheck adds lines, whole lines each ending in a newline, to a
// block's check crc. A carriage return before a newline is not counted,
// so that LF and CRLF files have the same checks; cr says whether lines
// may hold one at all, which spares the usual file a pass line by line.
func updateCheck(crc uint32, lines []byte, cr bool) uint32 {
	if !cr {
		return crc32.Update(crc, castagnoli(), lines)
	}
	for len(lines) > 0 {
		line, rest, found := bytes.Cut(lines, []byte("\n"))
		if found {
			line = bytes.TrimSuffix(line, []byte("\r"))
		}
		crc = crc32.Update(crc, castagnoli(), line)
		if found {
			crc = crc32.Update(crc, castagnoli(), newline)
		}
		lines = rest
	}
	return crc
}
