package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reel-dev/reel/render/store"
)

// childEnv makes the test binary a separate machine taking a lease: it
// opens the store at $REEL_STORE_URL, waits for its standard input to
// close (so that all children start together), tries to acquire the lease
// on $REEL_STORE_KEY as $REEL_STORE_HOLDER and prints "won" or "held".
const childEnv = "REEL_STORE_CHILD"

func child() int {
	ctx := context.Background()
	s, err := store.Open(ctx, os.Getenv("REEL_STORE_URL"), store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	io.Copy(io.Discard, os.Stdin)
	_, err = s.Acquire(ctx, os.Getenv("REEL_STORE_KEY"), os.Getenv("REEL_STORE_HOLDER"), time.Hour)
	switch {
	case err == nil:
		fmt.Println("won")
	case errors.Is(err, store.Held):
		fmt.Println("held")
	default:
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
