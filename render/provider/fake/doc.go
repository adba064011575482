// Package fake holds in-process fakes of the video APIs reel speaks. They
// listen on loopback (httptest) and speak the real wire protocol: the
// documented paths, auth, validation errors, envelopes and job timelines.
// Tests drive them through switchable faults, an injected clock and a
// ledger of what was charged, and read what clients sent from a request
// log. The sandbox provider runs the same fakes with a wall clock.
//
// Server is the part every fake shares; PixelDojo (and, per API, the
// others) add the routes of one API on top of it.
package fake
