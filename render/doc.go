// Package render carries a plan out: upload, submit, poll, download,
// verify, record. It decides nothing of its own: the plan says what to do.
package render
