package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"

	"github.com/reel-dev/reel/internal/english"
)

// KeyVersion names the encoding below. Changing what goes into a key, or
// how, must change this string: every key then changes with it, on purpose.
const KeyVersion = "reel-render-key/1"

// sandboxMode is the mode input of a sandbox render's key. It is part of
// the key's encoding (KeyVersion), not a provider's name.
const sandboxMode = "sandbox"

// KeyInput is one labelled part of a render key, for REEL_DEBUG=key.
type KeyInput struct {
	Label string
	Value string
}

// KeyInputs returns what the key of req is computed over, in order.
func KeyInputs(req *Request) []KeyInput { return keyInputs(req, req.Sandbox) }

// keyInputs are the inputs of req's key in the sandbox or for real. A
// sandbox key has one more input, so it differs from the real key of the
// same request (a later real run renders it) and no real key changed when
// the sandbox became a mode.
func keyInputs(req *Request, sandbox bool) []KeyInput {
	in := []KeyInput{
		{"version", KeyVersion},
		{"provider", req.Provider},
		{"api", req.API},
		{"request", string(req.keyJSON)},
	}
	if sandbox {
		in = append(in, KeyInput{"mode", sandboxMode})
	}
	return in
}

// RenderKey is the hex SHA-256 over the labelled inputs, each written as
// label, length and value so no two different inputs encode alike.
func RenderKey(req *Request) string { return renderKey(keyInputs(req, req.Sandbox)) }

// KeyIn is the key req would have in the sandbox (sandbox true) or for
// real: a plan tells a sandbox render of this very request from a real
// one by it.
func (req *Request) KeyIn(sandbox bool) string {
	if sandbox == req.Sandbox {
		return req.Key
	}
	return renderKey(keyInputs(req, sandbox))
}

func renderKey(inputs []KeyInput) string {
	h := sha256.New()
	for _, in := range inputs {
		fmt.Fprintf(h, "%s %d\n%s\n", in.Label, len(in.Value), in.Value)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// KeyJSON is the canonical request the key is computed over (the body
// without its cosmetic fields): what reel.lock keeps so a plan can say
// field by field what changed. The caller must not change it.
func (req *Request) KeyJSON() []byte { return req.keyJSON }

// DebugKey writes the labelled inputs of a video's key (REEL_DEBUG=key).
func DebugKey(w io.Writer, v *Video) {
	fmt.Fprintf(w, "key %s %s\n", v.ID, v.Request.Key)
	for _, in := range KeyInputs(v.Request) {
		fmt.Fprintf(w, "  %-9s %s\n", in.Label+":", in.Value)
	}
	refs := make([]string, 0, len(v.Request.Assets))
	for _, a := range v.Request.Assets {
		refs = append(refs, a.Ref+" = "+a.Path)
	}
	sort.Strings(refs)
	for _, r := range refs {
		fmt.Fprintf(w, "  asset:    %s\n", r)
	}
	for _, u := range v.Request.Avatars {
		what := "avatar " + u.Avatar.Name
		if u.Look != "" {
			what += ", look " + u.Look
		}
		fmt.Fprintf(w, "  avatar:   %s = %s (%s)\n", u.Ref, what, english.Count(len(u.Avatar.Photos), "photo"))
	}
}
