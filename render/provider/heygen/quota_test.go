package heygen

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Every way GET /v3/users/me says how an account pays (heygen-v3-api.json
// UserMeGet) reads as what it can still spend: credits, dollars, both, or
// no limit.
func TestQuotaOfEachBillingType(t *testing.T) {
	none := "-"
	for _, tc := range []struct {
		name, data   string
		credits, usd string // "-" for none
		plan         string
	}{
		{"wallet in credits", `"billing_type":"wallet","wallet":{"currency":"credits","remaining_balance":42,"auto_reload":{"enabled":false}}`, "42", none, "wallet"},
		{"wallet in dollars", `"billing_type":"wallet","wallet":{"currency":"usd","remaining_balance":12.5}`, none, "12.5", "wallet"},
		{"wallet that reloads", `"billing_type":"wallet","wallet":{"currency":"usd","remaining_balance":1,"auto_reload":{"enabled":true,"amount_usd":50,"threshold_usd":5}}`, none, none, "wallet, reloaded automatically"},
		{"wallet with no balance told", `"billing_type":"wallet","wallet":{"currency":"usd","remaining_balance":null}`, none, none, "wallet"},
		{"subscription", `"billing_type":"subscription","subscription":{"plan":"pro","credits":{"premium_credits":{"remaining":200,"resets_at":"2026-12-31"},"add_on_credits":{"remaining":30}}}`, "230", none, "pro plan"},
		{"subscription without add-ons", `"billing_type":"subscription","subscription":{"plan":"creator","credits":{"premium_credits":{"remaining":5},"add_on_credits":null}}`, "5", none, "creator plan"},
		{"usage-based with a cap", `"billing_type":"usage_based","usage_based":{"included_credits":100,"remaining_credits":20,"spending_cap_usd":50,"spending_current_usd":45.5}`, "20", "4.5", "usage-based"},
		{"usage-based over its cap", `"billing_type":"usage_based","usage_based":{"remaining_credits":0,"spending_cap_usd":50,"spending_current_usd":51}`, "0", "0", "usage-based"},
		{"usage-based without a cap", `"billing_type":"usage_based","usage_based":{"remaining_credits":3,"spending_cap_usd":null}`, none, none, "usage-based, no spending cap"},
		{"no billing type", `"billing_type":null`, none, none, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := clientAnswering(t, V3, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v3/users/me" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"data":{"username":"u","email":null,"first_name":null,"last_name":null,%s}}`, tc.data)
			})
			q, err := c.Quota(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := figure(q.Credits); got != tc.credits || figure(q.USD) != tc.usd || q.Plan != tc.plan {
				t.Fatalf("quota credits %s usd %s plan %q, want %s %s %q", got, figure(q.USD), q.Plan, tc.credits, tc.usd, tc.plan)
			}
			if q.Limited() != (tc.credits != none || tc.usd != none) {
				t.Fatalf("Limited() = %t", q.Limited())
			}
		})
	}
}

// Against the fake, every API's client reads the account's balance from
// v3's call, and a key the account refuses is an error, not a quota.
func TestQuotaFromTheFake(t *testing.T) {
	f := fake.NewHeyGen(fake.HeyGenOptions{Credits: 7})
	t.Cleanup(f.Close)
	for _, api := range []string{V3, V2, AV4} {
		c, err := New(Config{API: api, BaseURL: f.BaseURL(), UploadURL: f.UploadURL(), Key: f.Key()})
		if err != nil {
			t.Fatal(err)
		}
		if q, err := c.Quota(context.Background()); err != nil || figure(q.Credits) != "7" || q.USD != nil {
			t.Fatalf("%s: quota %+v (%s credits), %v; want 7 credits", api, q, figure(q.Credits), err)
		}
	}
	c, err := New(Config{BaseURL: f.BaseURL(), Key: "hg_wrong_0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Quota(context.Background()); provider.StatusOf(err) != http.StatusUnauthorized {
		t.Fatalf("a refused key: %v, want 401", err)
	}
}

func figure(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprint(*f)
}
