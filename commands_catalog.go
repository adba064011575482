package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// catalogTTL is how long a listing is cached: accounts gain voices and
// avatars rarely, and listing is slow and rate-limited.
const catalogTTL = 24 * time.Hour

func init() {
	details["voices"] = "Lists the voices the provider's account can use, as a table or with --json.\nCached for a day under the user cache folder; --refresh asks again.\n"
	details["avatars"] = "Lists the avatars and talking photos the account can use, as a table or\nwith --json, then the photo avatars reel.yaml declares (kind photo) and the id\ntheir training gave them. Cached for a day under the user cache folder;\n--refresh asks again.\n"
}

func runVoices(e *env, args []string) int  { return runCatalog(e, "voices", args) }
func runAvatars(e *env, args []string) int { return runCatalog(e, "avatars", args) }

func runCatalog(e *env, what string, args []string) int {
	fs := e.flags(what)
	asJSON := fs.Bool("json", false, "print the list as JSON")
	refresh := fs.Bool("refresh", false, "ask the provider again, even if the list cached today")
	if pos, err := e.parse(fs, args); err != nil || len(pos) > 0 {
		return e.usage("%v", cmp.Or(err, fmt.Errorf("%s takes no arguments, only --json and --refresh", what)))
	}
	if *asJSON {
		e.jsonMode(what)
	}
	name, cfg, err := e.catalogProvider()
	if err != nil {
		return e.fail(err)
	}
	ps := &render.Providers{Config: cfg}
	defer ps.Close()
	rows, err := cachedList(name, what, cfg[registry.Vendor(name)].Setting("base_url"), *refresh, func() (any, error) {
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
	if err != nil {
		return e.fail(err)
	}
	if what == "avatars" {
		rows = withDeclared(rows, name)
	}
	if *asJSON {
		if string(rows) == "null" { // an account with none
			rows = json.RawMessage("[]")
		}
		if err := e.json.document(rows); err != nil {
			return e.fail(err)
		}
		return exitOK
	}
	printCatalog(e, what, rows)
	return exitOK
}

// catalogProvider is the provider to list, by its lock's name
// (heygen/v3): --provider, else the project's, else the default; its fake
// when in the sandbox (--sandbox, else reel.yaml); with reel.yaml's
// settings when there is a project.
func (e *env) catalogProvider() (string, map[string]manifest.ProviderConfig, error) {
	ps := registry.Manifest()
	name, sandboxed, cfg := ps.Default(), false, map[string]manifest.ProviderConfig{}
	if root, err := manifest.Find("."); err == nil {
		if p, err := manifest.LoadProject(root); err == nil {
			name, sandboxed = p.Provider(ps)
			cfg = p.Config.Providers
		}
	}
	if e.provider != "" {
		name = e.provider
	}
	if e.sandbox != nil {
		sandboxed = *e.sandbox
	}
	lock, err := registry.LockName(name, cfg[name])
	if err != nil {
		return "", nil, err
	}
	if sandboxed {
		lock = registry.SandboxName(lock)
	}
	return lock, cfg, nil
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
		if st, err := os.Stat(file); err == nil && time.Since(st.ModTime()) < catalogTTL {
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

func printCatalog(e *env, what string, data json.RawMessage) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	if what == "voices" {
		var vs []provider.Voice
		json.Unmarshal(data, &vs)
		fmt.Fprintln(w, "ID\tNAME\tLANGUAGE\tGENDER")
		for _, v := range vs {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", v.ID, v.Name, v.Language, v.Gender)
		}
		return
	}
	var as []provider.Avatar
	json.Unmarshal(data, &as)
	fmt.Fprintln(w, "ID\tNAME\tKIND")
	for _, a := range as {
		if a.Kind != declaredKind {
			fmt.Fprintf(w, "%s\t%s\t%s\n", a.ID, a.Name, a.Kind)
		}
	}
	w.Flush()
	printDeclared(e.stdout, data)
}
