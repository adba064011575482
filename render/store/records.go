package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// State is where a render key's job stands, as its record says.
type State string

// The states of a record, in the order a render goes through them.
const (
	// Creating: a machine is about to send the create (the write-ahead
	// intent). Nobody else may create until the record says otherwise.
	Creating State = "creating"
	// Submitted: the provider took the job; Job is its id, so any machine
	// may poll it.
	Submitted State = "submitted"
	// Done: the output is verified and stored; Output says which.
	Done State = "done"
	// Failed: the provider failed the job; a new create may be sent.
	Failed State = "failed"
)

// Output names a stored output by its SHA-256 and size.
type Output struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Record is the store's one small record per render key: which job
// renders it, on which provider, what came out, and who wrote it when.
// Version is the record's version in the store; PutRecord writes only
// over that version, so two machines never lose each other's writes.
type Record struct {
	Key      string    `json:"key"`
	State    State     `json:"state"`
	Provider string    `json:"provider,omitempty"`
	Job      string    `json:"job,omitempty"`
	Output   *Output   `json:"output,omitempty"`
	Holder   string    `json:"holder,omitempty"`
	Time     time.Time `json:"time"`
	// Duration (seconds) and CostUSD (the estimate) are what reel.lock
	// records of the render beside the job and output, so that every
	// clone writes the same lock entry for it, whoever rendered it.
	Duration float64 `json:"duration,omitempty"`
	CostUSD  float64 `json:"cost_usd,omitempty"`

	Version string `json:"-"`
}

// recordWire is a record as stored: the record, with a format version and
// a nonce that makes every write's bytes unique (see writeCond).
type recordWire struct {
	Format int `json:"format"`
	Record
	Nonce string `json:"nonce"`
}

const (
	recordFormat = 1
	maxSmall     = 64 << 10
)

// GetRecord reads a render key's record; NotFound if it has none.
func (s *Store) GetRecord(ctx context.Context, key string) (*Record, error) {
	const op = "get record"
	if err := checkHex(op, "render key", key); err != nil {
		return nil, err
	}
	name := recordName(key)
	data, ver, err := s.b.ReadSmall(ctx, name, maxSmall)
	if err != nil {
		return nil, rewrap(op, err)
	}
	var w recordWire
	if err := json.Unmarshal(data, &w); err != nil || w.Key != key {
		return nil, &Error{Op: op, Name: name, Kind: Corrupt, Err: fmt.Errorf("not a record of this key")}
	}
	if w.Format != recordFormat {
		return nil, &Error{Op: op, Name: name, Kind: Corrupt, Err: fmt.Errorf("record format %d: upgrade reel", w.Format)}
	}
	rec := w.Record
	rec.Version = ver
	return &rec, nil
}

// PutRecord writes rec: a new record when rec.Version is empty (Conflict
// if the key has one), else over exactly that version (Conflict if
// another machine wrote since; read it again and decide anew). On
// success rec.Version is the new version. A Done record with an Output
// is indexed under rendered/ first, so a listing finds it.
func (s *Store) PutRecord(ctx context.Context, rec *Record) error {
	const op = "put record"
	if err := checkHex(op, "render key", rec.Key); err != nil {
		return err
	}
	if rec.State == Done && rec.Output != nil {
		if err := s.index(ctx, rec.Key, *rec.Output); err != nil {
			return rewrap(op, err)
		}
	}
	data, err := json.Marshal(recordWire{Format: recordFormat, Record: *rec, Nonce: nonce()})
	if err != nil {
		return &Error{Op: op, Kind: Invalid, Err: err}
	}
	cond := Cond{IfNoneMatch: rec.Version == "", IfMatch: rec.Version}
	ver, err := s.writeCond(ctx, recordName(rec.Key), data, cond)
	if err != nil {
		return rewrap(op, err)
	}
	rec.Version = ver
	return nil
}

func (s *Store) index(ctx context.Context, key string, o Output) error {
	if err := checkHex("index output", "sha256", o.SHA256); err != nil {
		return err
	}
	_, err := s.b.WriteSmall(ctx, renderedName(key, o), nil, Cond{})
	return err
}

// writeCond is a conditional write that survives its own retry: when a
// write's answer is lost and the SDK sends it again, the second attempt
// fails its condition against the first one's result. A Conflict whose
// object now holds exactly the bytes written is that case, and a success;
// every write's bytes carry a nonce, so no other writer's can match.
func (s *Store) writeCond(ctx context.Context, name string, data []byte, cond Cond) (string, error) {
	ver, err := s.b.WriteSmall(ctx, name, data, cond)
	if KindOf(err) != Conflict {
		return ver, err
	}
	now, nowVer, rerr := s.b.ReadSmall(ctx, name, maxSmall)
	if rerr == nil && bytes.Equal(now, data) {
		return nowVer, nil
	}
	return "", err
}

func nonce() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ListRendered tells, for the given render keys, the output each was
// rendered to, from listings of rendered/ (by shard, or whole for many
// keys) and no request per key. A key rendered more than once (every
// output a render of the same request) gives the newest by the store's
// clock, or the greatest name within its resolution.
func (s *Store) ListRendered(ctx context.Context, keys []string) (map[string]Output, error) {
	const op = "list rendered"
	want := map[string]bool{}
	for _, k := range keys {
		if err := checkHex(op, "render key", k); err != nil {
			return nil, err
		}
		want[k] = true
	}
	found := map[string]Output{}
	latest := map[string]ObjectInfo{}
	err := s.listShards(ctx, renderedDir, keysOf(want), func(o ObjectInfo) error {
		key, out, ok := parseRendered(o.Name)
		if !ok || !want[key] {
			return nil
		}
		if prev, seen := latest[key]; seen && !newer(o, prev) {
			return nil
		}
		latest[key] = o
		found[key] = out
		return nil
	})
	if err != nil {
		return nil, rewrap(op, err)
	}
	return found, nil
}

func newer(a, b ObjectInfo) bool {
	if !a.Modified.Equal(b.Modified) {
		return a.Modified.After(b.Modified)
	}
	return a.Name > b.Name
}

// parseRendered reads rendered/<key>/<sha256>.<size>.
func parseRendered(name string) (string, Output, bool) {
	rest, ok := strings.CutPrefix(name, renderedDir)
	if !ok {
		return "", Output{}, false
	}
	key, file, ok := strings.Cut(rest, "/")
	sum, sizeText, ok2 := strings.Cut(file, ".")
	size, err := strconv.ParseInt(sizeText, 10, 64)
	if !ok || !ok2 || err != nil || size < 0 || checkHex("", "", key) != nil || checkHex("", "", sum) != nil {
		return "", Output{}, false
	}
	return key, Output{SHA256: sum, Size: size}, true
}
