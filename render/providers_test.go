package render

import (
	"strings"
	"testing"
)

// The lock names of the sandbox's fakes open those fakes, an older lock's
// "sandbox" opening HeyGen v3's; each client says which fake it is.
func TestProvidersOpenTheSandboxFakes(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the sandbox keeps its state there
	t.Setenv("HOME", t.TempDir())
	ps := &Providers{}
	defer ps.Close()
	for name, want := range map[string]string{
		"sandbox":            "sandbox:heygen/v3",
		"sandbox:heygen/v3":  "sandbox:heygen/v3",
		"sandbox:heygen/v2":  "sandbox:heygen/v2",
		"sandbox:heygen/av4": "sandbox:heygen/av4",
		"sandbox:fal":        "sandbox:fal",
		"sandbox:pixeldojo":  "sandbox:pixeldojo",
	} {
		p, err := ps.Open(name)
		if err != nil || p.Name() != want {
			t.Errorf("Open(%q): %v, %v; want %s", name, p, err, want)
		}
	}
	if _, err := ps.Open("sandbox:gmi"); err == nil || !strings.Contains(err.Error(), `no fake of "gmi"`) {
		t.Errorf("an API the sandbox has no fake of: %v", err)
	}
}
