package fake

import (
	"strings"
	"testing"
)

// An account whose prepaid balance is spent is locked: submits and
// storage tokens get fal's 403 "Exhausted balance" and are not charged;
// the request that spent it ran; a top-up unlocks it.
func TestFalExhaustedBalance(t *testing.T) {
	f, auth := newFal(t, FalOptions{})
	f.SetBalance(1)
	body := string(f.Body("Spend it."))
	falSubmit(t, f, auth, body)
	if left, ok := f.Balance(); !ok || left >= 1 {
		t.Fatalf("balance %d after a paid request", left)
	}
	a := call(t, "POST", f.QueueURL()+"/"+FalEndpoint, auth, body)
	if a.status != 403 || !strings.Contains(string(a.body), "Reason: Exhausted balance") || len(f.Server().Ledger()) != 1 {
		t.Fatalf("a submit with the balance spent: %d %s, %d charges", a.status, a.body, len(f.Server().Ledger()))
	}
	if a := call(t, "POST", f.RestURL()+"/storage/auth/token?storage_type=fal-cdn-v3", auth, "{}"); a.status != 403 {
		t.Fatalf("a storage token with the balance spent: %d %s", a.status, a.body)
	}
	f.SetBalance(10_000)
	falSubmit(t, f, auth, body)
}
