// Package gentree writes a large, realistic reel project for scale tests
// and benchmarks: manifests of 1–2 KB with 3–6 scenes each, ten to a
// folder, every product × locale × channel combination a content team
// would have. The same seed writes the same bytes.
package gentree

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Options say what to generate.
type Options struct {
	Videos  int    // manifests to write
	PerDir  int    // manifests per folder (default 10)
	Seed    uint64 // same seed, same tree
	Project string // reel.yaml to write; "" for the default below
	// Rows, if set, also writes a manifest with rows (RowsManifest) and
	// its data file of that many rows (RowsData).
	Rows int
}

// DefaultProject renders with the sandbox, so a generated tree renders
// for free.
const DefaultProject = `version: 1
provider: sandbox
output_dir: out
include: ["videos/**/*.yaml"]
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8, speed: 1.0}
  dimension: {aspect: "16:9", resolution: 1080p}
  background: {color: "#0A2540"}
`

var (
	products = []string{"invoices", "payroll", "banking", "cards", "expenses", "taxes", "reports", "payments", "loans", "savings"}
	locales  = []string{"en", "es", "de", "fr", "it", "pt", "nl", "sv", "pl", "ja"}
	channels = []string{"youtube", "tiktok", "linkedin", "web", "email", "app", "ads", "support", "sales", "onboarding"}
	aspects  = []string{"16:9", "9:16", "1:1"}
	voices   = []string{"1bd001e7e50f421d891986aad5158bc8", "2d5b0e6cf36f460aa7fc47e3eee4ba54", "76955c80188a4c149df169b5dc9e1a3a"}
	emotions = []string{"", "", "Friendly", "Serious"}
	words    = strings.Fields(`acme helps teams send invoices get paid faster track every payment
reconcile accounts in minutes automate reminders see cash flow clearly export reports share
dashboards approve expenses on the go connect your bank keep records safe grow with confidence`)
)

// Write generates the tree under dir and returns the manifest paths.
func Write(dir string, o Options) ([]string, error) {
	if o.PerDir <= 0 {
		o.PerDir = 10
	}
	if o.Project == "" {
		o.Project = DefaultProject
	}
	if err := write(filepath.Join(dir, "reel.yaml"), o.Project); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15))
	paths := make([]string, 0, o.Videos)
	for i := range o.Videos {
		g := i / o.PerDir // one folder per group of PerDir videos
		p := products[g%len(products)]
		l := locales[(g/len(products))%len(locales)]
		c := channels[(g/(len(products)*len(locales)))%len(channels)]
		rel := filepath.Join("videos", p, l, fmt.Sprintf("%s-%03d", c, g), fmt.Sprintf("v%05d.yaml", i))
		path := filepath.Join(dir, rel)
		if err := write(path, manifestText(r, i, p, l, c)); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if o.Rows > 0 {
		if err := writeRows(dir, o.Rows, o.Seed); err != nil {
			return nil, err
		}
		paths = append(paths, filepath.Join(dir, filepath.FromSlash(RowsManifest)))
	}
	return paths, nil
}

// manifest is one video of 1–2 KB: a title, an avatar, 3–6 scenes.
func manifestText(r *rand.Rand, i int, product, locale, channel string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=../../../../schema/video.schema.json\n")
	fmt.Fprintf(&b, "title: %s for %s (%s, %s) #%d\n", strings.ToUpper(product[:1])+product[1:], channel, locale, "v1", i)
	fmt.Fprintf(&b, "avatar: {id: Angela-inTshirt-20220820}\n")
	fmt.Fprintf(&b, "voice: {id: %s, speed: %.1f}\n", voices[r.IntN(len(voices))], 0.9+0.1*float64(r.IntN(3)))
	fmt.Fprintf(&b, "dimension: {aspect: %q, resolution: 1080p}\n", aspects[r.IntN(len(aspects))])
	b.WriteString("captions: sidecar\nscenes:\n")
	n := 3 + r.IntN(4)
	perScene := (140 + r.IntN(70)) / n // words: about 1–2 KB in all
	for s := 0; s < n; s++ {
		fmt.Fprintf(&b, "  - script: >-\n      %s\n", sentence(r, perScene))
		if e := emotions[r.IntN(len(emotions))]; e != "" {
			fmt.Fprintf(&b, "    background: {color: \"#%06X\"}\n", r.IntN(1<<24))
		}
	}
	return b.String()
}

func sentence(r *rand.Rand, n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.IntN(len(words))]
	}
	out[0] = strings.ToUpper(out[0][:1]) + out[0][1:]
	return strings.Join(out, " ") + "."
}

func write(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}
