//go:build !unix

package store

import (
	"context"
	"errors"
)

func checkLocking() error {
	return errors.New("store: a file:// store needs flock, which this system lacks: use an s3:// store")
}

func (f *FileBackend) lock(context.Context, string) (func(), error) { return nil, checkLocking() }
