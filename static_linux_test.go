package main

import (
	"debug/elf"
	"testing"
)

// TestInstalledBuildIsStatic: reel built as the README installs it
// (CGO_ENABLED=0) is one static binary, with no dynamic loader and no
// shared library to map at every start: none of its dependencies needs C.
func TestInstalledBuildIsStatic(t *testing.T) {
	f, err := elf.Open(buildReel(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("reel has a %v segment: built without cgo, it should be static", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("reel needs shared libraries %v", libs)
	}
}
