package fake

// Charge is one job the account paid for. Tests assert on the ledger that
// no render was paid twice, whatever the network did.
type Charge struct {
	JobID string
	Key   string // the idempotency key the create carried, if any
	Cost  int    // in the API's unit (credits)
}

// Charge records a payment.
func (s *Server) Charge(c Charge) {
	s.mu.Lock()
	s.ledger = append(s.ledger, c)
	s.charged[c.JobID] = true
	s.mu.Unlock()
	s.persist(c.JobID)
}

// Ledger returns the payments so far, oldest first.
func (s *Server) Ledger() []Charge {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Charge(nil), s.ledger...)
}
