//go:build !linux

package snapshot

import "os"

// oNoatime is O_NOATIME where the system has it (see readInto).
const oNoatime = 0

// listNames returns the sorted names in folder path.
func listNames(path string) ([]string, error) {
	entries, err := os.ReadDir(path)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names, err
}
