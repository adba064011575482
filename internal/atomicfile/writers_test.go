package atomicfile_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneAtomicWriter: the packages that replace a file whole (the lock and
// its requests, the snapshot, the sandbox's state, the schemas reel init
// writes) do it through this package, not each with a temp-and-rename of
// its own: a fix to how reel writes a file whole is made once.
func TestOneAtomicWriter(t *testing.T) {
	for _, dir := range []string{"render/lock", "render/snapshot", "render/provider/sandbox", "manifest"} {
		files, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			for _, call := range osCalls(t, file, "Rename", "CreateTemp") {
				t.Errorf("%s: os.%s: write the file through atomicfile", call.pos, call.name)
			}
		}
	}
}

type osCall struct {
	pos  token.Position
	name string
}

// osCalls lists the calls of the os functions named in file.
func osCalls(t *testing.T, file string, names ...string) []osCall {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var calls []osCall
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" {
			for _, name := range names {
				if sel.Sel.Name == name {
					calls = append(calls, osCall{fset.Position(sel.Pos()), name})
				}
			}
		}
		return true
	})
	return calls
}
