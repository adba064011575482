package sandbox

// StartInOn lets the package's external tests run a sandbox on a manual
// clock.
var StartInOn = startOn
