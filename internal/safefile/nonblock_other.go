//go:build !unix

package safefile

// oNonblock is 0 where there are no FIFOs among files.
const oNonblock = 0
