package registry

import (
	"net/url"
	"testing"
)

// Every provider says where its credits are bought, so a run stopped for
// want of them can say where to go; the providers that report a quota are
// asked for it under each of their APIs' names, and never in the sandbox.
func TestEveryProviderSaysWhereToTopUp(t *testing.T) {
	for _, p := range All() {
		display, top := TopUp(p.Name)
		if u, err := url.Parse(top); err != nil || u.Scheme != "https" || u.Host == "" || display != p.Display {
			t.Errorf("%s: top-up %q (%s), want an https URL and its display name", p.Name, top, display)
		}
		for _, api := range p.APIs {
			lock := p.Lock(api.Name)
			if ReportsQuota(lock) != p.Quota || ReportsQuota(SandboxName(lock)) {
				t.Errorf("%s: ReportsQuota %t, of its fake %t; want %t, false", lock, ReportsQuota(lock), ReportsQuota(SandboxName(lock)), p.Quota)
			}
		}
	}
	if display, top := TopUp(Sandbox); display != Sandbox || top != "" {
		t.Errorf("TopUp(%q) = %q %q", Sandbox, display, top)
	}
}
