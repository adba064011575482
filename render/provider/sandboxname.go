package provider

import "strings"

// SandboxPrefix starts the name of a provider's fake in the sandbox, as
// reel.lock records a render the sandbox made: "sandbox:heygen/v3" is
// HeyGen v3's fake, "sandbox:fal" fal's. A sandbox render is never taken
// for a real one, so a later real run renders it.
const SandboxPrefix = "sandbox:"

// LegacySandbox is the name of the sandbox when it spoke HeyGen v3 only;
// locks written then say it, and it still means HeyGen v3's fake.
const LegacySandbox = "sandbox"

// SandboxName is the name of real's fake in the sandbox.
func SandboxName(real string) string { return SandboxPrefix + real }

// Sandboxed reports whether name is a fake of the sandbox, and names the
// real provider and API it stands in for.
func Sandboxed(name string) (real string, ok bool) {
	if name == LegacySandbox {
		return "heygen/v3", true
	}
	return strings.CutPrefix(name, SandboxPrefix)
}
