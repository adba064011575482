package pixeldojo

import "github.com/reel-dev/reel/render/provider"

// noCredits is how PixelDojo says an account cannot pay: HTTP 402 with
// the code insufficient_credits, "Not enough credits" [C seed 000's error
// codes].
var noCredits = provider.Money{Codes: []string{"insufficient_credits"}}
