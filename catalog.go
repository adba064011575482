package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/schema"
)

var voicesCommand = &command{
	Name:    "voices",
	Summary: "list the voices the provider's account can use",
	Long:    "Lists the voices the provider's account can use, as a table or with --json.\nCached for a day under the user cache folder; --refresh asks again.\n",
	Flags:   catalogFlags,
	Run:     func(e *env, flags any, args []string) error { return runCatalog(e, "voices", flags, args) },
	JSON:    &cli.JSON{Schema: schema.Voices, Usage: "print the list as JSON"},
}

var avatarsCommand = &command{
	Name:    "avatars",
	Summary: "list the avatars and talking photos the account can use",
	Long:    "Lists the avatars and talking photos the account can use, as a table or\nwith --json, then the photo avatars reel.yaml declares (kind photo) and the id\ntheir training gave them. Cached for a day under the user cache folder;\n--refresh asks again.\n",
	Flags:   catalogFlags,
	Run:     func(e *env, flags any, args []string) error { return runCatalog(e, "avatars", flags, args) },
	JSON:    &cli.JSON{Schema: schema.Avatars, Usage: "print the list as JSON"},
}

type catalogOptions struct{ refresh bool }

func catalogFlags(fs *flag.FlagSet) any {
	var o catalogOptions
	fs.BoolVar(&o.refresh, "refresh", false, "ask the provider again, even if the list cached today")
	return &o
}

func runCatalog(e *env, what string, flags any, args []string) error {
	o := flags.(*catalogOptions)
	name, cfg, err := render.CatalogProvider(e.dir, e.provider, e.sandbox)
	if err != nil {
		return err
	}
	rows, err := render.Catalog(name, what, cfg, o.refresh)
	if err != nil {
		return err
	}
	if what == "avatars" {
		rows = render.WithDeclared(e.dir, rows, name)
	}
	if e.json != nil {
		return e.json.Document(rows)
	}
	printCatalog(e, what, rows)
	return nil
}

func printCatalog(e *env, what string, data json.RawMessage) {
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	if what == "voices" {
		var vs []provider.Voice
		json.Unmarshal(data, &vs)
		fmt.Fprintln(w, "ID\tNAME\tLANGUAGE\tGENDER")
		for _, v := range vs {
			cli.Row(w, v.ID, v.Name, v.Language, v.Gender)
		}
		return
	}
	var as []provider.Avatar
	json.Unmarshal(data, &as)
	fmt.Fprintln(w, "ID\tNAME\tKIND")
	for _, a := range as {
		if a.Kind != render.DeclaredKind {
			cli.Row(w, a.ID, a.Name, a.Kind)
		}
	}
	w.Flush()
	printDeclared(e.stdout, data)
}

// printDeclared lists the declared photo avatars of rows, after the
// account's.
func printDeclared(w io.Writer, data json.RawMessage) {
	var rows []render.DeclaredRow
	json.Unmarshal(data, &rows)
	rows = slices.DeleteFunc(rows, func(r render.DeclaredRow) bool { return r.Kind != render.DeclaredKind })
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "\nDeclared in reel.yaml (avatar: {photo: NAME}):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	fmt.Fprintln(tw, "NAME\tPHOTOS\tLOOKS\tTRAINED")
	for _, r := range rows {
		trained := cmp.Or(r.Trained, "not yet: reel render trains it")
		cli.Row(tw, r.Name, strconv.Itoa(r.Photos), cmp.Or(strings.Join(r.Looks, ", "), "-"), trained)
	}
}
