package registry

import (
	"slices"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
)

// Every provider declares what the rest of reel asks of it, once: a name
// and a key variable no other provider has, APIs that each build a
// request, a concurrency, a client and a fake.
func TestEveryProviderDeclaresItsFacts(t *testing.T) {
	names, keys := map[string]bool{}, map[string]bool{}
	for _, p := range All() {
		switch {
		case p.Name == "" || p.Name == Sandbox || names[p.Name]:
			t.Errorf("provider %q: a name of its own is needed", p.Name)
		case p.KeyEnv == "" || keys[p.KeyEnv]:
			t.Errorf("%s: key variable %q is empty or another provider's", p.Name, p.KeyEnv)
		case len(p.APIs) == 0 || p.Concurrency < 1 || p.Open == nil || p.Fake == nil || p.Display == "":
			t.Errorf("%s: APIs, concurrency, display name, Open and Fake are required", p.Name)
		case len(p.APIs) > 1 && p.Chooser == "", p.AnyModel && p.Chooser == "":
			t.Errorf("%s: several APIs or models and no setting to choose one", p.Name)
		}
		names[p.Name], keys[p.KeyEnv] = true, true
		for _, api := range p.APIs {
			if api.Request == nil || api.Label == "" {
				t.Errorf("%s/%s: a request format and a label are required", p.Name, api.Name)
			}
		}
	}
}

// The lock's name of every API leads back to it, as the real provider's
// and as its fake's in the sandbox.
func TestLockNamesRoundTrip(t *testing.T) {
	for _, p := range All() {
		for _, api := range p.APIs {
			lock := p.Lock(api.Name)
			if got, name, ok := ByLock(lock); !ok || got != p || name != api.Name {
				t.Errorf("ByLock(%q) = %v %q %v, want %s %s", lock, got, name, ok, p.Name, api.Name)
			}
			real, ok := Sandboxed(SandboxName(lock))
			if !ok || real != lock || Real(SandboxName(lock)) != lock {
				t.Errorf("Sandboxed(%q) = %q %v", SandboxName(lock), real, ok)
			}
			if Vendor(lock) != p.Name || Vendor(SandboxName(lock)) != Sandbox {
				t.Errorf("Vendor(%q) = %q, of its fake %q", lock, Vendor(lock), Vendor(SandboxName(lock)))
			}
			if KeyVar(lock) != p.KeyEnv || KeyVar(SandboxName(lock)) != "" {
				t.Errorf("KeyVar(%q) = %q, of its fake %q", lock, KeyVar(lock), KeyVar(SandboxName(lock)))
			}
			if Replays(lock) != api.Replays || Replays(SandboxName(lock)) != api.Replays ||
				BulkStatus(lock) != api.BulkStatus || BulkStatus(SandboxName(lock)) != api.BulkStatus {
				t.Errorf("%s: the fake must replay and batch as the real API does", lock)
			}
		}
	}
}

// Names that are no API of any provider are not taken for one.
func TestLockNamesThatNameNothing(t *testing.T) {
	d := Default() // it speaks several APIs, and takes no model
	for _, name := range []string{"", "nosuch", "nosuch/v3", d.Name + "/nosuch", SandboxName(d.Lock(d.APIs[0].Name)), Sandbox} {
		if p, api, ok := ByLock(name); ok {
			t.Errorf("ByLock(%q) = %s %q", name, p.Name, api)
		}
	}
	for _, p := range All() {
		first := p.APIs[0].Name
		if other := p.Name + "/" + first; p.Lock(first) == p.Name {
			if _, _, ok := ByLock(other); ok { // a provider of one API is named alone
				t.Errorf("ByLock(%q) took a provider of one API under its API's name", other)
			}
		} else if _, _, ok := ByLock(p.Name); ok {
			t.Errorf("ByLock(%q) took a provider of several APIs (or models) without one", p.Name)
		}
	}
}

// A lock written when the sandbox spoke one API says "sandbox": that is
// the default provider's default API, in the sandbox.
func TestALegacySandboxIsTheDefaultsFake(t *testing.T) {
	d := Default()
	real, ok := Sandboxed(Sandbox)
	if !ok || real != d.Lock(d.APIs[0].Name) {
		t.Fatalf("Sandboxed(%q) = %q %v", Sandbox, real, ok)
	}
	if !slices.Contains(Choices(), Sandbox) || len(Choices()) != len(All())+1 {
		t.Errorf("Choices() = %q: every provider and the sandbox", Choices())
	}
}

// A client opened through a provider's facts names itself as the lock
// names its API, which is how the runner asks the registry about it (bulk
// status); a model chosen in reel.yaml is part of that name.
func TestClientsAreNamedAsTheLockNamesThem(t *testing.T) {
	for _, p := range All() {
		t.Setenv(p.KeyEnv, "k-registry-test-0123456789")
		for _, api := range p.APIs {
			settings := map[string]string{}
			if p.Chooser != "" {
				settings[p.Chooser] = api.Name
			}
			cfg := manifest.NewProviderConfig(0, settings)
			c, err := p.Open(p.APIName(cfg), cfg, provider.HTTPOptions{})
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			if want, _ := LockName(p.Name, cfg); c.Name() != want || want != p.Lock(api.Name) {
				t.Errorf("%s: the client is named %q, the lock says %q", p.Name, c.Name(), want)
			}
		}
		if p.AnyModel {
			cfg := manifest.NewProviderConfig(0, map[string]string{p.Chooser: "another-model"})
			c, err := p.Open(p.APIName(cfg), cfg, provider.HTTPOptions{})
			if want, _ := LockName(p.Name, cfg); err != nil || c.Name() != want || want != p.Name+"/another-model" {
				t.Errorf("%s: a chosen model: client %v %v, lock %q", p.Name, c, err, want)
			}
		}
	}
}

// Each provider's default concurrency is what the runner gets; the
// sandbox has its own, and a name the registry does not know gets one at
// a time.
func TestConcurrency(t *testing.T) {
	for _, p := range All() {
		if Concurrency(p.Name) != p.Concurrency {
			t.Errorf("Concurrency(%q) = %d, want %d", p.Name, Concurrency(p.Name), p.Concurrency)
		}
	}
	if Concurrency(Sandbox) != SandboxConcurrency || Concurrency("nosuch") != 1 {
		t.Errorf("sandbox %d, unknown %d", Concurrency(Sandbox), Concurrency("nosuch"))
	}
}

// manifest resolves a provider's API through the registry: the settings'
// choice, the default when they name none, and a positioned error naming
// the choices for an API the provider lacks.
func TestManifestView(t *testing.T) {
	m := Manifest()
	if m.Default() != Default().Name {
		t.Errorf("Default() = %q", m.Default())
	}
	for _, p := range All() {
		api, err := m.API(p.Name, manifest.ProviderConfig{})
		if err != nil || api.Name != p.APIs[0].Name || api.Lock != p.Lock(api.Name) || api.SandboxLock != SandboxName(api.Lock) {
			t.Errorf("%s: %+v %v", p.Name, api, err)
		}
		if p.Chooser == "" || p.AnyModel {
			continue
		}
		if _, err := m.API(p.Name, manifest.NewProviderConfig(0, map[string]string{p.Chooser: "nosuch"})); err == nil {
			t.Errorf("%s: api nosuch taken", p.Name)
		}
	}
	if _, err := m.API("nosuch", manifest.ProviderConfig{}); err == nil {
		t.Error("provider nosuch taken")
	}
	if real, ok := m.Sandboxed(Sandbox); !ok || real != Default().Name {
		t.Errorf("Sandboxed(%q) = %q %v", Sandbox, real, ok)
	}
}

// TestTrainer: the APIs that render trained photo avatars name the account
// that trains them, in the sandbox its fake's; the others name none.
func TestTrainer(t *testing.T) {
	for name, want := range map[string]string{
		"heygen/v3": "heygen", "heygen/av4": "heygen", "sandbox:heygen/v3": "sandbox:heygen", "sandbox:heygen/av4": "sandbox:heygen",
		"heygen/v2": "", "sandbox:heygen/v2": "", "fal": "", "sandbox:fal": "", "pixeldojo": "", "gmi/heygen-avatar-4": "", "nope/v1": "",
	} {
		got, ok := Trainer(name)
		if got != want || ok != (want != "") {
			t.Errorf("Trainer(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}
