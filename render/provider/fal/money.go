package fal

import (
	"net/http"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// noCredits is how fal says an account cannot pay: it locks the account
// and answers every billable call, uploads included, with 403 and a
// detail that says why: "User is locked. Reason: Exhausted balance. Top up
// your balance at fal.ai/dashboard/billing." or "User is locked. Reason:
// TOP_UP." [C issues fal-ai/fal#1147, #1163, #1112; awsl-project/maxx#843].
// Other locks ("Reason: Admin lock. Please contact support@fal.ai") are
// not for want of credit, and neither is any other 403. 402 is read as
// for every API.
var noCredits = provider.Money{Says: func(status int, msg string) bool {
	m := strings.ToLower(msg)
	return status == http.StatusForbidden && (strings.Contains(m, "exhausted balance") || strings.Contains(m, "reason: top_up"))
}}
