package preview

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// wavSeconds is how long the PCM WAV file at path plays: its data chunk's
// size over its byte rate, read from the RIFF chunks. espeak-ng writes
// exactly such files.
func wavSeconds(path string) (float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	secs, err := readWAVSeconds(f, st.Size())
	if err != nil {
		return 0, fmt.Errorf("reel: %s: %w", path, err)
	}
	return secs, nil
}

var errNotWAV = errors.New("not a PCM WAV file")

// readWAVSeconds walks the RIFF chunks of a WAV of size bytes to the data
// chunk; a data chunk that claims more than the file holds counts what
// is there, as players do.
func readWAVSeconds(r io.ReadSeeker, size int64) (float64, error) {
	var head [12]byte
	if _, err := io.ReadFull(r, head[:]); err != nil || string(head[:4]) != "RIFF" || string(head[8:]) != "WAVE" {
		return 0, errNotWAV
	}
	var byteRate uint32
	pos := int64(12)
	for range 64 { // a WAV has a few chunks before its data
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			return 0, errNotWAV
		}
		n := int64(binary.LittleEndian.Uint32(ch[4:]))
		pos += 8
		switch string(ch[:4]) {
		case "fmt ":
			var fmtc [16]byte
			if n < 16 {
				return 0, errNotWAV
			}
			if _, err := io.ReadFull(r, fmtc[:]); err != nil {
				return 0, errNotWAV
			}
			byteRate = binary.LittleEndian.Uint32(fmtc[8:])
			if _, err := r.Seek(pos+n+n%2, io.SeekStart); err != nil {
				return 0, err
			}
		case "data":
			if byteRate == 0 {
				return 0, errNotWAV
			}
			return float64(min(n, size-pos)) / float64(byteRate), nil
		default:
			if _, err := r.Seek(pos+n+n%2, io.SeekStart); err != nil {
				return 0, err
			}
		}
		pos += n + n%2
	}
	return 0, errNotWAV
}
