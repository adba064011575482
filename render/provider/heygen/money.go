package heygen

import "github.com/reel-dev/reel/render/provider"

// noCredits is how HeyGen says an account cannot pay (reference
// providers.md §1.0, §1.3): HTTP 402 with v3's insufficient_credit on a
// create [C HG-cli internal/errors, developers.heygen.com/docs/error-codes],
// and MOVIO_PAYMENT_INSUFFICIENT_CREDIT, "Insufficient credit. This
// operation requires 'api' credits.", which the legacy APIs put in a
// video's status error when they take the create and cannot render it [C
// public integrations; U placement]. A completed video that carries that
// code (a free plan's watermarked video, users report) is still completed.
var noCredits = provider.Money{Codes: []string{"insufficient_credit", "MOVIO_PAYMENT_INSUFFICIENT_CREDIT"}}
