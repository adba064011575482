package provider

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
)

// sendTrace watches the attempts of one call for the moment the transport
// holds a connection: writing a request starts only then, so a call whose
// attempts all failed before it (no DNS answer, a refused dial, a failed
// TLS handshake or proxy CONNECT) surely sent nothing. Error types alone
// cannot tell that apart from a write that failed halfway.
//
// It also counts the connections the call's attempts held, so that an
// answer can be known to be the answer to the call's one and only send.
type sendTrace struct {
	asked atomic.Bool  // the transport began getting a connection
	conns atomic.Int32 // connections held: bytes may have left from the first
}

type sendTraceKey struct{}

// watch returns ctx with the trace installed beside any trace ctx has.
func (s *sendTrace) watch(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, sendTraceKey{}, s)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) { s.asked.Store(true) },
		GotConn: func(httptrace.GotConnInfo) { s.conns.Add(1) },
	})
}

// notSent reports whether no attempt can have written a byte. A transport
// that reports neither event (not net/http's) proves nothing, so its
// failures stay uncertain.
func (s *sendTrace) notSent() bool { return s.asked.Load() && s.conns.Load() == 0 }

// Resent reports whether the call that got resp may have sent its request
// more than once (a retry after a 5xx, a timeout or a reset, a redirect),
// or cannot tell. An answer that an API marks as the replay of an earlier
// request with the same Idempotency-Key is then no proof that nothing was
// charged: the earlier request may be this call's own first attempt.
func Resent(resp *http.Response) bool {
	if resp == nil || resp.Request == nil {
		return true
	}
	s, ok := resp.Request.Context().Value(sendTraceKey{}).(*sendTrace)
	return !ok || s.conns.Load() != 1
}
