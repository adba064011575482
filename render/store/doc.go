// Package store is the store a team's clones and CI runners share: the
// outputs they rendered, by content hash; one small record per render
// key (job, provider, output, time, state); and leases that let one
// machine at a time create a render key, so that no two machines pay
// for the same render.
//
// A store is an S3 bucket below a prefix (s3://bucket/prefix, any
// S3-compatible service, configured by the standard AWS chain) or a
// shared folder (file:///path). Below the prefix:
//
//	outputs/sha256/ab/<sha256>     an output, by the SHA-256 of its bytes
//	records/<key>.json             a render key's record
//	rendered/<key>/<sha256>.<size> empty: key was rendered to that output
//	leases/<key>                   a render key's lease
//
// The rendered/ index lets a plan or a fresh runner learn every key's
// output from listings, with no request per key. Records and leases are
// written only by conditional writes (If-None-Match: * to create,
// If-Match: version to change), so two machines never lose each other's
// writes and only one of them wins a lease.
//
// The protocol a runner follows, the lock's write-ahead invariant across
// machines: take the lease on a key (Acquire), read its record, and
// create only if it has none or it says Failed; write the Creating
// record before the create and the Submitted record, with the job id,
// right after; renew the lease while working. A machine whose lease is
// lost, or that finds a live lease or a Creating record of another
// machine, does not create: it waits for the record's job id or output.
// Store errors have a Kind: on Unreachable or Refused a run goes on
// locally.
package store
