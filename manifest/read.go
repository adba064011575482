package manifest

import (
	"errors"
	"fmt"

	"github.com/reel-dev/reel/internal/safefile"
)

// readFile reads reel.yaml or a manifest of the project at root, which
// must be a regular file of at most MaxFileSize, and no symlink out of the
// project, and says what it saw of it. The error leaves out the path: the
// position it is reported at names the file.
func readFile(root, path string) ([]byte, Stamp, error) {
	data, st, err := safefile.ReadStampIn(root, path, safefile.YAML)
	if err != nil {
		return nil, Stamp{}, fileError(err)
	}
	return data, Stamp(st), nil
}

// fileError says why a file reel reads could not be, without its path.
func fileError(err error) error {
	var nr *safefile.NotRegularError
	var tb *safefile.TooBigError
	var out *safefile.OutsideError
	switch {
	case errors.As(err, &out):
		return errors.New(out.Reason())
	case errors.As(err, &nr):
		return errors.New(nr.Reason())
	case errors.As(err, &tb):
		return tooBig(tb.Size)
	}
	return fmt.Errorf("cannot read: %w", unwrapPath(err))
}
