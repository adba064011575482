//go:build !unix

package atomicfile

// syncDir does nothing where a folder cannot be synced: the rename is as
// durable as the platform makes it.
func syncDir(string) error { return nil }
