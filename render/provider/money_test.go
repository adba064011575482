package provider

import (
	"errors"
	"fmt"
	"testing"
)

// Money.Refusal marks a refusal for want of credit, whatever wraps it,
// keeps what the refusal says and what else is known of it, and leaves
// every other error as it was.
func TestMoneyRefusal(t *testing.T) {
	m := Money{Codes: []string{"insufficient_credit"}, Says: func(status int, msg string) bool { return status == 403 && msg == "broke" }}
	refusal := &HTTPError{Op: "x create", Method: "POST", Status: 402, Code: "insufficient_credit", Message: "Insufficient credit"}
	for _, tc := range []struct {
		err   error
		money bool
	}{
		{refusal, true},
		{fmt.Errorf("create: %w", &HTTPError{Method: "POST", Status: 400, Code: "INSUFFICIENT_CREDIT"}), true},
		{&HTTPError{Method: "POST", Status: 402}, true},
		{&HTTPError{Method: "POST", Status: 403, Message: "broke"}, true},
		{&HTTPError{Method: "POST", Status: 403, Message: "forbidden"}, false},
		{&HTTPError{Method: "POST", Status: 500, Code: "internal_error"}, false},
		{&HTTPError{Method: "POST", Status: 0, Err: errors.New("connection reset")}, false},
		{errors.New("insufficient_credit"), false},
		{nil, false},
	} {
		got := m.Refusal(tc.err)
		if errors.Is(got, ErrNoCredits) != tc.money {
			t.Errorf("Refusal(%v): ErrNoCredits %t, want %t", tc.err, !tc.money, tc.money)
		}
		if tc.err == nil {
			if got != nil {
				t.Errorf("Refusal(nil) = %v", got)
			}
			continue
		}
		if got.Error() != tc.err.Error() || Uncertain(got) != Uncertain(tc.err) {
			t.Errorf("Refusal changed %q (uncertain %t) to %q (uncertain %t)", tc.err, Uncertain(tc.err), got, Uncertain(got))
		}
	}
	var h *HTTPError
	if err := m.Refusal(m.Refusal(refusal)); !errors.As(err, &h) || h != refusal {
		t.Errorf("the refusal is not found inside %v", err)
	}
	if e := m.Failed(&JobError{Code: "Insufficient_Credit"}); !e.NoCredits {
		t.Error("a job failed for want of credit is not marked")
	}
	if e := m.Failed(&JobError{Code: "40119"}); e.NoCredits {
		t.Error("a job failed for its length is marked as out of credit")
	}
	if m.Failed(nil) != nil {
		t.Error("Failed(nil) is not nil")
	}
}
