package gmi

import "github.com/reel-dev/reel/render/provider"

// noCredits is how GMI Cloud says an account cannot pay. GMI documents no
// error for it [C none in seed 002, the quick-starts or the video API
// reference]; HTTP 402 means it in every API reel speaks, and so do the
// codes of the other APIs and of the payment errors public clients of
// such queues name [I]. A refusal in other words reads as the error it
// is, without stopping the run's other creates.
var noCredits = provider.Money{Codes: []string{"insufficient_balance", "insufficient_credits", "insufficient_credit"}}
