package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdCSVRows writes a data file of N customers, c000 to c<N-1>, in that
// order or reversed: csvrows FILE N [reversed]. Row i is
// "c<i>,Company <i>,Contact <i>,pro,Sam", below the header
// slug,company,contact,plan,manager.
func cmdCSVRows(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || len(args) > 3 || len(args) == 3 && args[2] != "reversed" {
		ts.Fatalf("usage: csvrows FILE N [reversed]")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf("c%03d,Company %d,Contact %d,pro,Sam\n", i, i, i)
	}
	if len(args) == 3 {
		slices.Reverse(rows)
	}
	ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[0])), 0o755))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("slug,company,contact,plan,manager\n"+strings.Join(rows, "")), 0o644))
}
