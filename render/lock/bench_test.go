package lock

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigLock is 10,000 videos as reel records them: a 2 KB canonical request
// each, and a history entry for one in ten.
func bigLock() *Lock {
	l := New()
	req := json.RawMessage(`{"aspect_ratio":"16:9","resolution":"1080p","scenes":[` + strings.Repeat(`{"input":{"avatar_id":"Angela-inTshirt-20220820","script":"Acme helps teams send invoices and get paid faster, with reminders.","type":"avatar","voice_id":"1bd001e7e50f421d891986aad5158bc8","voice_settings":{"pitch":0,"speed":1}},"type":"avatar_video"},`, 6) + `{"type":"image"}],"type":"studio"}`)
	for i := range 10_000 {
		id := fmt.Sprintf("product%d/locale%d/video%05d", i%10, i/10%10, i)
		e := &Entry{ID: id, Key: fmt.Sprintf("%064x", i), State: Done, Provider: "heygen/v3", Job: fmt.Sprintf("job%08d", i),
			Output: id + ".mp4", Size: 12345678, SHA256: fmt.Sprintf("%064x", i+1), Duration: 42.5, CostUSD: 4.2, Request: req}
		if i%10 == 0 {
			e.History = []Render{{Key: fmt.Sprintf("%064x", i+2), Provider: "heygen/v3", Job: "old", Output: id + ".mp4", Size: 1, SHA256: "s"}}
		}
		l.Videos[id] = e
	}
	return l
}

// BenchmarkLockRead10k: reading reel.lock of 10,000 videos (target ≤ 50 ms).
func BenchmarkLockRead10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	data, err := Encode(bigLock())
	if err != nil {
		b.Fatal(err)
	}
	os.WriteFile(path, data, 0o644)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockSave10k: changing one video of 10,000 and writing reel.lock
// atomically: locked read, modify, encode, temp file, fsync, rename
// (target ≤ 50 ms).
func BenchmarkLockSave10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), FileName)
	data, _ := Encode(bigLock())
	os.WriteFile(path, data, 0o644)
	n := 0
	for b.Loop() {
		n++
		_, err := Update(path, func(l *Lock) error {
			l.Videos["product0/locale0/video00000"].Job = fmt.Sprint("job", n)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
