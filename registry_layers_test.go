package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider/registry"
)

// factsHomes are the packages a provider's name may be written in: each
// provider's own, the registry that lists them, the fakes (which stand in
// for the providers) and the sandbox (which is named as one).
func factsHomes() []string {
	homes := []string{"render/provider/registry", "render/provider/fake", "render/provider/sandbox"}
	for _, p := range registry.All() {
		homes = append(homes, "render/provider/"+p.Name)
	}
	return homes
}

// nameLiterals are the literals that may name the sandbox outside those
// packages, by file, with why.
var nameLiterals = map[string]string{
	// the mode input of a sandbox render's key: part of the key's encoding
	// (KeyVersion), which must not change with the sandbox's name
	"manifest/key.go": "sandbox",
}

// TestProviderNamesHaveOneHome: outside the providers' own packages and
// the registry, no Go code names a provider, an API as the lock names it
// (heygen/v3) or a sandbox fake (sandbox:fal): everything else asks the
// registry, so that adding a provider is its package and a line in the
// registry. Tests and comments may name them.
func TestProviderNamesHaveOneHome(t *testing.T) {
	name := regexp.MustCompile(`^(` + registry.Sandbox + `:)?(` + strings.Join(registry.Choices(), "|") + `)(/.*)?$`)
	homes := factsHomes()
	eachGoFile(t, func(rel string, fset *token.FileSet, f *ast.File) {
		if slices.Contains(homes, filepath.ToSlash(filepath.Dir(rel))) {
			return
		}
		for _, lit := range stringLiterals(f) {
			s, _ := strconv.Unquote(lit.Value)
			if name.MatchString(s) && nameLiterals[rel] != s {
				t.Errorf("%s: %q names a provider: ask the registry (render/provider/registry)", fset.Position(lit.Pos()), s)
			}
		}
	})
}

// TestOnlyTheRegistryImportsProviders: the registry is the one package
// that imports the providers' (tests aside), and no provider imports
// another's.
func TestOnlyTheRegistryImportsProviders(t *testing.T) {
	const module = "github.com/reel-dev/reel/"
	vendors := map[string]bool{}
	for _, p := range registry.All() {
		vendors[module+"render/provider/"+p.Name] = true
	}
	eachGoFile(t, func(rel string, _ *token.FileSet, f *ast.File) {
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if vendors[path] && dir != "render/provider/registry" && module+dir != path {
				t.Errorf("%s imports %s: ask the registry", rel, path)
			}
		}
	})
}

// eachGoFile parses every Go file of the module but tests and testdata.
func eachGoFile(t *testing.T, fn func(rel string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "."):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		fn(filepath.ToSlash(path), fset, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// stringLiterals are a file's string literals in code: not its import
// paths, nor its struct tags.
func stringLiterals(f *ast.File) []*ast.BasicLit {
	skip := map[*ast.BasicLit]bool{}
	for _, imp := range f.Imports {
		skip[imp.Path] = true
	}
	var out []*ast.BasicLit
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			if n.Tag != nil {
				skip[n.Tag] = true
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING && !skip[n] {
				out = append(out, n)
			}
		}
		return true
	})
	return out
}
