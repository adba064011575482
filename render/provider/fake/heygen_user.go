package fake

import "net/http"

// v3UserMe is GET /v3/users/me (heygen-v3-api.json UserMeGet): the account
// an API key pays from, a wallet whose balance is the fake's credits (the
// currency HeyGen gives Enterprise wallets), without automatic reloads, so
// what it reports is what a create can still spend.
func (h *HeyGen) v3UserMe(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"username": "reel-fake", "email": "fake@example.com", "first_name": nil, "last_name": nil,
		"billing_type": "wallet",
		"wallet": map[string]any{
			"currency":          "credits",
			"remaining_balance": h.Credits(),
			"auto_reload":       map[string]any{"enabled": false, "amount_usd": nil, "threshold_usd": nil},
		},
		"subscription": nil, "usage_based": nil,
	}})
}
