package manifest

import (
	"encoding/json"
	"maps"
)

// ProviderConfig is providers.<name> in reel.yaml: the setting every
// provider has (concurrency), and the provider's own (api, model,
// base_url, ...), which its package reads by name. manifest does not name
// them: a provider's settings are its facts, and adding one changes its
// package and the schema, not manifest.
type ProviderConfig struct {
	Concurrency int // jobs in flight at once; 0 is the provider's default
	settings    map[string]string
}

// NewProviderConfig returns settings as providers.<name> would hold them.
func NewProviderConfig(concurrency int, settings map[string]string) ProviderConfig {
	return ProviderConfig{Concurrency: concurrency, settings: maps.Clone(settings)}
}

// Setting is the text setting named name ("" when unset): api, base_url.
func (c ProviderConfig) Setting(name string) string { return c.settings[name] }

// UnmarshalJSON reads providers.<name> as the schema let it through:
// concurrency a number, every other setting text.
func (c *ProviderConfig) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	*c = ProviderConfig{settings: map[string]string{}}
	for name, v := range raw {
		if name == "concurrency" {
			if err := json.Unmarshal(v, &c.Concurrency); err != nil {
				return err
			}
			continue
		}
		var text string
		if err := json.Unmarshal(v, &text); err != nil {
			return err
		}
		c.settings[name] = text
	}
	return nil
}
