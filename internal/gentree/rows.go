package gentree

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
)

// RowsManifest is the manifest with rows Write writes when Options.Rows
// is set: a welcome video per customer of data/customers.csv.
const RowsManifest = "videos/customers/welcome.yaml"

// RowsData is its data file.
const RowsData = "data/customers.csv"

const rowsManifest = `# yaml-language-server: $schema=../../schema/video.schema.json
rows: {file: ../../data/customers.csv, key: slug}
title: Welcome, {{ .company }}
avatar: {id: Angela-inTshirt-20220820}
voice: {id: "{{ .voice }}"}
dimension: {aspect: "16:9", resolution: 1080p}
captions: sidecar
output: "customers/{{ .slug }}.mp4"
scenes:
  - script: Hi {{ .contact }}, and welcome to Acme {{ .plan | title }}.
  - script: "{{ .pitch }}"
  - script: Your account manager, {{ .manager }}, will call you this week.
`

var (
	plans    = []string{"starter", "team", "pro", "enterprise"}
	people   = []string{"Dana", "Sam", "Ana", "Hank", "Peter", "Zoë", "Ines", "Kofi", "Mei", "Lars"}
	suffixes = []string{"Corp", "Labs", "GmbH", "& Sons", "Studio", "Group", "Bakery", "Logistics"}
)

// writeRows writes the manifest with rows and its data file of n rows,
// from a generator of its own: the manifests of a seed are the same with
// rows or without.
func writeRows(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed^0x5bd1e995, seed))
	var b strings.Builder
	b.WriteString("slug,company,contact,plan,manager,voice,pitch\n")
	for i := range n {
		company := fmt.Sprintf("%s %s", strings.ToUpper(words[r.IntN(len(words))][:1])+words[r.IntN(len(words))][1:], suffixes[r.IntN(len(suffixes))])
		fmt.Fprintf(&b, "c%05d,%s,%s,%s,%s,%s,%s\n", i, company, people[r.IntN(len(people))], plans[r.IntN(len(plans))],
			people[r.IntN(len(people))], voices[r.IntN(len(voices))], sentence(r, 12+r.IntN(12)))
	}
	if err := write(filepath.Join(dir, filepath.FromSlash(RowsManifest)), rowsManifest); err != nil {
		return err
	}
	return write(filepath.Join(dir, filepath.FromSlash(RowsData)), b.String())
}
