package registry

// TopUp is where a vendor's (Vendor's names) credits are bought, and how
// messages name it: "" and the name itself for one the registry does
// not know, such as the sandbox, which never runs out.
func TopUp(vendor string) (display, url string) {
	if p, ok := Lookup(vendor); ok {
		return p.Display, p.TopUp
	}
	return vendor, ""
}

// ReportsQuota says whether the provider a lock's name stands for reports
// an account's remaining quota (see facts.Provider.Quota); the sandbox's
// fakes are never asked.
func ReportsQuota(name string) bool {
	if _, ok := Sandboxed(name); ok {
		return false
	}
	p, ok := Lookup(Vendor(name))
	return ok && p.Quota
}
