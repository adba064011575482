package manifest

import "encoding/binary"

// audioDuration estimates an audio file's length in seconds from its first
// bytes and its size: exact for PCM WAV, close for constant-bitrate MP3,
// 0 when the header does not tell. It feeds cost estimates only.
func audioDuration(mime string, head []byte, size int64) float64 {
	switch mime {
	case "audio/wav":
		return wavDuration(head, size)
	case "audio/mpeg":
		return mp3Duration(head, size)
	}
	return 0
}

// wavDuration reads the fmt chunk's byte rate and the data chunk's size.
func wavDuration(b []byte, size int64) float64 {
	var byteRate uint32
	for off := 12; off+8 <= len(b); {
		id, n := string(b[off:off+4]), binary.LittleEndian.Uint32(b[off+4:off+8])
		switch id {
		case "fmt ":
			if off+16 <= len(b) {
				byteRate = binary.LittleEndian.Uint32(b[off+16 : off+20])
			}
		case "data":
			data := int64(n)
			if rest := size - int64(off+8); data > rest || data == 0 {
				data = rest
			}
			if byteRate == 0 {
				return 0
			}
			return float64(data) / float64(byteRate)
		}
		off += 8 + int(n) + int(n%2)
	}
	return 0
}

// mp3Bitrates are MPEG-1 Layer III bitrates in kbit/s by header index.
var mp3Bitrates = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}

// mp3Duration finds the first frame after any ID3 tag and assumes its
// bitrate holds for the whole file.
func mp3Duration(b []byte, size int64) float64 {
	skip := 0
	if len(b) >= 10 && string(b[:3]) == "ID3" {
		skip = 10 + int(b[6]&0x7f)<<21 | int(b[7]&0x7f)<<14 | int(b[8]&0x7f)<<7 | int(b[9]&0x7f)
	}
	for i := skip; i+3 < len(b); i++ {
		if b[i] != 0xff || b[i+1]&0xfe != 0xfa { // MPEG-1 Layer III sync
			continue
		}
		if kbps := mp3Bitrates[b[i+2]>>4]; kbps > 0 {
			return float64(size-int64(skip)) * 8 / float64(kbps*1000)
		}
	}
	return 0
}
