package provider

import "errors"

// ErrNoKey says a provider's API key is not in the environment.
var ErrNoKey = errors.New("missing API key")

// ErrNotReady says Result was asked for a job that has not finished; poll
// Status until the state is Done.
var ErrNotReady = errors.New("job has not finished")
