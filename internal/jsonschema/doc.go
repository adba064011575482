// Package jsonschema is github.com/reel-dev/reel/internal/jsonschema at
// v6.0.3 (Apache License 2.0, LICENSE beside this file), JSON Schema
// validation with structured errors, with one change: the drafts'
// metaschemas are compiled on the first Compiler.Compile (compileDrafts in
// draft.go), not in the package's init. Every program that links the
// upstream package pays that compile at start, some 21,000 allocations;
// reel links it into every command, and most commands (reel version, a
// no-op reel plan) validate nothing. Until upstream compiles them lazily,
// reel keeps this copy rather than a replace directive, which would stop
// `go install github.com/reel-dev/reel@version`.
//
// The rest is upstream's code as it was, import paths aside: refresh it
// from a later release by copying its non-test .go files, kind/ and
// metaschemas/, and applying the change again.
package jsonschema
