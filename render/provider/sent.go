package provider

import (
	"context"
	"net/http/httptrace"
	"sync/atomic"
)

// sendTrace watches the attempts of one call for the moment the transport
// holds a connection: writing a request starts only then, so a call whose
// attempts all failed before it (no DNS answer, a refused dial, a failed
// TLS handshake or proxy CONNECT) surely sent nothing. Error types alone
// cannot tell that apart from a write that failed halfway.
type sendTrace struct {
	asked     atomic.Bool // the transport began getting a connection
	connected atomic.Bool // it got one: bytes may have left from here on
}

// watch returns ctx with the trace installed beside any trace ctx has.
func (s *sendTrace) watch(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { s.asked.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { s.connected.Store(true) },
	})
}

// notSent reports whether no attempt can have written a byte. A transport
// that reports neither event (not net/http's) proves nothing, so its
// failures stay uncertain.
func (s *sendTrace) notSent() bool { return s.asked.Load() && !s.connected.Load() }
