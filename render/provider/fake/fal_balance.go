package fake

import "net/http"

// falLockedDetail is how fal answers every billable call of an account
// whose balance ran out: it locks the account (fal-ai/fal#1147, #1163:
// 403 with this detail) until the balance is topped up.
const falLockedDetail = "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."

// SetBalance gives the account a prepaid balance, in cents, from now on:
// each request the fake takes spends its price from it, and once it is
// spent (0 or less) submits and storage tokens are refused as fal refuses
// them. Without it, the account is never locked.
func (f *Fal) SetBalance(cents int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limited, f.balance = true, cents
}

// Balance is the account's balance in cents, and whether it has one.
func (f *Fal) Balance() (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.balance, f.limited
}

// unlocked answers 403 for an account whose balance is spent, and
// reports whether the call may go on.
func (f *Fal) unlocked(w http.ResponseWriter) bool {
	f.mu.Lock()
	locked := f.limited && f.balance <= 0
	f.mu.Unlock()
	if locked {
		falDetail(w, http.StatusForbidden, falLockedDetail)
	}
	return !locked
}

// spend takes a request's price from the balance, if the account has one.
func (f *Fal) spend(cents int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.limited {
		f.balance -= cents
	}
}
