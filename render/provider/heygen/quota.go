package heygen

import (
	"context"
	"errors"
	"net/http"

	"github.com/reel-dev/reel/render/provider"
)

var _ provider.Quoter = (*Client)(nil)

// usersMe is GET /v3/users/me's data (heygen-v3-api.json UserMeGet): how
// the account pays, in exactly one of wallet, subscription and
// usage_based, as billing_type says.
type usersMe struct {
	BillingType string `json:"billing_type"`
	Wallet      *struct {
		Currency         string   `json:"currency"` // usd, or credits for Enterprise
		RemainingBalance *float64 `json:"remaining_balance"`
		AutoReload       *struct {
			Enabled bool `json:"enabled"`
		} `json:"auto_reload"`
	} `json:"wallet"`
	Subscription *struct {
		Plan    string `json:"plan"`
		Credits struct {
			Premium *remaining `json:"premium_credits"`
			AddOn   *remaining `json:"add_on_credits"`
		} `json:"credits"`
	} `json:"subscription"`
	UsageBased *struct {
		RemainingCredits *float64 `json:"remaining_credits"`
		SpendingCapUSD   *float64 `json:"spending_cap_usd"`
		SpendingUSD      *float64 `json:"spending_current_usd"`
	} `json:"usage_based"`
}

type remaining struct {
	Remaining *float64 `json:"remaining"`
}

// Quota asks GET /v3/users/me what the account can still spend. The v3
// call serves the account of any key, so every API's client asks it. An
// API key pays from the wallet [C docs.heygen.com authentication-methods:
// "API balance"]: its balance, in dollars or (Enterprise) credits, unless
// it reloads itself; a subscription (OAuth apps) from its premium and
// add-on credits; usage-based billing without a spending cap has no limit,
// with one, its included credits and then the cap's headroom.
func (c *Client) Quota(ctx context.Context) (provider.Quota, error) {
	var out struct {
		Data *usersMe `json:"data"`
	}
	r := provider.Request{Op: "get user", Path: "v3/users/me"}
	if err := c.http.JSON(ctx, r, &out); err != nil {
		return provider.Quota{}, err
	}
	if out.Data == nil {
		return provider.Quota{}, c.http.Unusable(r, http.StatusOK, errors.New("the answer has no data"))
	}
	return out.Data.quota(), nil
}

func (u *usersMe) quota() provider.Quota {
	switch {
	case u.BillingType == "wallet" && u.Wallet != nil:
		w := u.Wallet
		if w.AutoReload != nil && w.AutoReload.Enabled {
			return provider.Quota{Plan: "wallet, reloaded automatically"}
		}
		if w.Currency == "credits" {
			return provider.Quota{Credits: w.RemainingBalance, Plan: "wallet"}
		}
		return provider.Quota{USD: w.RemainingBalance, Plan: "wallet"}
	case u.BillingType == "subscription" && u.Subscription != nil:
		s := u.Subscription
		return provider.Quota{Credits: sum(s.Credits.Premium, s.Credits.AddOn), Plan: s.Plan + " plan"}
	case u.BillingType == "usage_based" && u.UsageBased != nil:
		b := u.UsageBased
		if b.SpendingCapUSD == nil {
			return provider.Quota{Plan: "usage-based, no spending cap"}
		}
		headroom := max(0, *b.SpendingCapUSD-deref(b.SpendingUSD))
		return provider.Quota{Credits: b.RemainingCredits, USD: &headroom, Plan: "usage-based"}
	}
	return provider.Quota{Plan: u.BillingType}
}

// sum adds the remaining credits of the pools that report them; nil when
// none does.
func sum(pools ...*remaining) *float64 {
	var total *float64
	for _, p := range pools {
		if p != nil && p.Remaining != nil {
			t := deref(total) + *p.Remaining
			total = &t
		}
	}
	return total
}
