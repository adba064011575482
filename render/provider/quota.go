package provider

import "context"

// Quota is what an account can still spend at a provider, as the
// provider reports it. A nil figure is one the provider does not limit
// or does not report; both nil is no limit reel can check.
type Quota struct {
	// Credits left, where the account counts credits.
	Credits *float64
	// USD left: a prepaid balance in dollars, or what a spending cap still
	// allows. Where both are set, the credits are spent first.
	USD *float64
	// Plan says how the account pays, for messages: "wallet", "pro plan".
	Plan string
}

// Limited reports whether the quota sets any limit.
func (q Quota) Limited() bool { return q.Credits != nil || q.USD != nil }

// Quoter is implemented by providers that report an account's remaining
// quota, so that a paid run can be refused before it starts rather than
// stopped in its middle.
type Quoter interface {
	Quota(ctx context.Context) (Quota, error)
}
