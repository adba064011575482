package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// CatalogTTL is how long a listing is cached: accounts gain voices and
// avatars rarely, and listing is slow and rate-limited.
const CatalogTTL = 24 * time.Hour

// Catalog returns what the account of the provider name can use (what:
// "voices" or "avatars") as a JSON array: from the cache when it is fresh
// and not refresh, else from the provider, caching it. cfg is reel.yaml's
// providers settings.
func Catalog(name, what string, cfg map[string]manifest.ProviderConfig, refresh bool) (json.RawMessage, error) {
	rows, err := listing(name, what, cfg, refresh)
	if string(rows) == "null" { // an account with none
		rows = json.RawMessage("[]")
	}
	return rows, err
}

// listing is Catalog's list as the cache or the provider gives it.
func listing(name, what string, cfg map[string]manifest.ProviderConfig, refresh bool) (json.RawMessage, error) {
	ps := &Providers{Config: cfg}
	defer ps.Close()
	return cachedList(name, what, cfg[registry.Vendor(name)].Setting("base_url"), refresh, func() (any, error) {
		p, err := ps.Open(name)
		if err != nil {
			return nil, err
		}
		c, ok := p.(provider.Catalog)
		if !ok {
			return nil, fmt.Errorf("%s has no API to list %s: see the provider's documentation", p.Name(), what)
		}
		if what == "voices" {
			return c.Voices(context.Background())
		}
		return c.Avatars(context.Background())
	})
}

// CatalogProvider is the provider whose catalog to list, by its lock's
// name (heygen/v3): flag (--provider), else the project's, else the
// default; its fake when in the sandbox (sandbox, --sandbox, else
// reel.yaml); with reel.yaml's settings when there is a project at dir or
// above it.
func CatalogProvider(dir, flag string, sandbox *bool) (string, map[string]manifest.ProviderConfig, error) {
	ps := registry.Manifest()
	name, sandboxed, cfg := ps.Default(), false, map[string]manifest.ProviderConfig{}
	if root, err := manifest.Find(dir); err == nil {
		if p, err := manifest.LoadProject(root); err == nil {
			name, sandboxed = p.Provider(ps)
			cfg = p.Config.Providers
		}
	}
	if flag != "" {
		name = flag
	}
	if sandbox != nil {
		sandboxed = *sandbox
	}
	lockName, err := registry.LockName(name, cfg[name])
	if err != nil {
		return "", nil, err
	}
	if sandboxed {
		lockName = registry.SandboxName(lockName)
	}
	return lockName, cfg, nil
}

// cachedList returns a listing from the cache when it is fresh, else from
// list, caching it. The cache is per provider, base URL and account (a
// hash of the key: the key itself is never written).
func cachedList(name, what, base string, refresh bool, list func() (any, error)) (json.RawMessage, error) {
	_, sandboxed := registry.Sandboxed(name)
	if sandboxed {
		refresh = true // local and free: always ask
	}
	file := cacheFile(name, what, base)
	if !refresh && file != "" {
		if st, err := os.Stat(file); err == nil && time.Since(st.ModTime()) < CatalogTTL {
			if data, err := safefile.Read(file, safefile.Catalog); err == nil && json.Valid(data) {
				return data, nil
			}
		}
	}
	rows, err := list()
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(rows)
	if err != nil {
		return nil, err
	}
	if file != "" && !sandboxed {
		os.MkdirAll(filepath.Dir(file), 0o700)
		os.WriteFile(file, data, 0o600)
	}
	return data, nil
}

// cacheFile is where a listing is cached, under the user cache folder.
func cacheFile(name, what, base string) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	h := sha256.New()
	h.Write([]byte(os.Getenv(registry.KeyVar(name)) + "\x00"))
	h.Write([]byte(name + "\x00" + base))
	return filepath.Join(dir, "reel", what+"-"+hex.EncodeToString(h.Sum(nil))[:16]+".json")
}
