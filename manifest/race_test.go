//go:build race

package manifest

// slowdown scales the margins of tests that bound a time: the race
// detector makes code several times slower.
const slowdown = 5
