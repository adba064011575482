package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
)

// ciRepo is a repository with a reel project in site/: explainer is
// valid; broken has an emotion HeyGen v3 does not take and a misspelt
// field.
type ciRepo struct {
	root, site      string
	summary, output string // the files $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT name
	stdout, stderr  string // of the last run
	exit            int
}

const (
	ciProject = `version: 1
provider: heygen
output_dir: out
include: ["videos/**/*.yaml"]
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
  dimension: {aspect: "16:9", resolution: 720p}
budget: {max_usd: 25}
`
	ciExplainer = "avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: This one is valid and says so at length for a while.}]\n"
	ciBroken    = "avatar: {id: Angela-inTshirt-20220820}\nscenes:\n  - scrpit: Hello\n"
)

func newCIRepo(t *testing.T, broken bool) *ciRepo {
	t.Helper()
	root := t.TempDir()
	r := &ciRepo{root: root, site: filepath.Join(root, "site"), summary: filepath.Join(t.TempDir(), "summary"), output: filepath.Join(t.TempDir(), "output")}
	files := map[string]string{".git/HEAD": "ref: refs/heads/main\n", "site/reel.yaml": ciProject, "site/videos/explainer.yaml": ciExplainer}
	if broken {
		files["site/videos/broken.yaml"] = ciBroken
	}
	for name, data := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{r.summary, r.output} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("GITHUB_ACTIONS", "") // outside GitHub until onGitHub, even when the tests run on a GitHub runner
	t.Setenv("GITHUB_STEP_SUMMARY", r.summary)
	t.Setenv("GITHUB_OUTPUT", r.output)
	t.Setenv("GITHUB_WORKSPACE", "")
	t.Setenv("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
	t.Setenv("GITHUB_EVENT_PATH", "")
	return r
}

// onGitHub sets the variables GitHub's runner sets, the workspace being
// the repository (or none when workspace is false).
func (r *ciRepo) onGitHub(t *testing.T, workspace bool) {
	t.Setenv("GITHUB_ACTIONS", "true")
	if workspace {
		t.Setenv("GITHUB_WORKSPACE", r.root)
	}
}

// run runs reel in the project's folder.
func (r *ciRepo) run(t *testing.T, args ...string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	r.exit = run(append([]string{"-C", r.site}, args...), &out, &errb)
	r.stdout, r.stderr = out.String(), errb.String()
}

func (r *ciRepo) file(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestValidateOnGitHub: under GITHUB_ACTIONS=true an error is an
// annotation on its file from the repository's root, line and column,
// titled with its field; the text is folded in a group; the summary and
// the outputs count the errors; the exit code is validate's own.
func TestValidateOnGitHub(t *testing.T) {
	for _, workspace := range []bool{true, false} { // GITHUB_WORKSPACE, or the folder holding .git
		r := newCIRepo(t, true)
		r.onGitHub(t, workspace)
		r.run(t, "validate")
		if r.exit != exitError {
			t.Errorf("workspace %v: exit %d, want %d", workspace, r.exit, exitError)
		}
		annotation := "::error file=site/videos/broken.yaml,line=3,col=5,title=scenes[0].scrpit::unknown field"
		if !strings.Contains(r.stderr, "\n"+annotation) && !strings.HasPrefix(r.stderr, annotation) {
			t.Errorf("workspace %v: no annotation %q in\n%s", workspace, annotation, r.stderr)
		}
		if !regexp.MustCompile(`(?m)^::group::reel: 1 error in 1 file.*\nvideos/broken\.yaml:3:5: scenes\[0\]\.scrpit: unknown field.*\n::endgroup::\n`).MatchString(r.stderr) {
			t.Errorf("workspace %v: the error's text is not folded in a group:\n%s", workspace, r.stderr)
		}
		if s := r.file(t, r.summary); !strings.Contains(s, "| `site/videos/broken.yaml` | 3 | 5 | `scenes[0].scrpit` | unknown field") {
			t.Errorf("workspace %v: the summary does not list the error:\n%s", workspace, s)
		}
		if o := r.file(t, r.output); !strings.Contains(o, "errors=1\n") || !strings.Contains(o, "manifests=2\n") {
			t.Errorf("workspace %v: the outputs do not count the error and the manifests:\n%s", workspace, o)
		}
	}
}

// TestNothingChangesOutsideGitHub: without GITHUB_ACTIONS=true, and with
// GitHub's files named all the same, reel prints no workflow command and
// writes no GitHub file; its errors are file:line:col from the project.
func TestNothingChangesOutsideGitHub(t *testing.T) {
	for _, value := range []string{"", "false", "1"} {
		r := newCIRepo(t, true)
		t.Setenv("GITHUB_ACTIONS", value)
		t.Setenv("GITHUB_WORKSPACE", r.root)
		for _, args := range [][]string{{"validate"}, {"plan"}, {"plan", "--max-cost", "1"}} {
			r.run(t, args...)
			if strings.Contains(r.stdout+r.stderr, "::") {
				t.Errorf("GITHUB_ACTIONS=%q, reel %s prints a workflow command:\n%s%s", value, args, r.stdout, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, "videos/broken.yaml:3:5: scenes[0].scrpit: unknown field") {
				t.Errorf("GITHUB_ACTIONS=%q, reel %s prints\n%s", value, args, r.stderr)
			}
		}
		if s, o := r.file(t, r.summary), r.file(t, r.output); s != "" || o != "" {
			t.Errorf("GITHUB_ACTIONS=%q: reel wrote GitHub's files:\n%s\n%s", value, s, o)
		}
	}
}

// TestPlanOnGitHub: a plan writes its table to the summary and its counts,
// cost and flags to the outputs; --max-cost holds it to a budget (0
// too: spend nothing) without changing its exit code, and over it the
// over-budget output is true.
func TestPlanOnGitHub(t *testing.T) {
	for _, c := range []struct {
		maxCost, over string
	}{{"", "false"}, {"100", "false"}, {"1", "true"}, {"0", "true"}} {
		r := newCIRepo(t, false)
		r.onGitHub(t, true)
		args := []string{"plan"}
		if c.maxCost != "" {
			args = append(args, "--max-cost", c.maxCost)
		}
		r.run(t, args...)
		if r.exit != exitOK {
			t.Errorf("reel %s: exit %d\n%s", args, r.exit, r.stderr)
		}
		o := r.file(t, r.output)
		for _, want := range []string{"to-create=1\n", "paid-pending=true\n", "over-budget=" + c.over + "\n", "cost=3.00\n"} {
			if !strings.Contains(o, want) {
				t.Errorf("reel %s: no output %q in\n%s", args, want, o)
			}
		}
		if (c.over == "true") != strings.Contains(r.stdout, "Over budget") {
			t.Errorf("reel %s: over budget %s, yet it prints\n%s", args, c.over, r.stdout)
		}
		if s := r.file(t, r.summary); !strings.Contains(s, "| + | `explainer` | create | new video |") {
			t.Errorf("reel %s: the summary has no plan table:\n%s", args, s)
		}
	}
}

// TestPlanMarkdown: plan --format markdown prints the comment body, with
// its marker and the project's folder, and nothing else; on GitHub it
// names the commit and leaves the summary and outputs to the plan run
// before it.
func TestPlanMarkdown(t *testing.T) {
	r := newCIRepo(t, false)
	r.run(t, "plan", "--format", "markdown")
	if r.exit != exitOK || !strings.HasPrefix(r.stdout, "<!-- reel-plan -->\n<!-- reel-project: site -->\n### reel in `site`: merging this pull request costs \\$3.00") {
		t.Errorf("exit %d, comment:\n%s%s", r.exit, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, "Planned at") {
		t.Errorf("outside GitHub the comment names a commit:\n%s", r.stdout)
	}
	r.onGitHub(t, true)
	r.run(t, "plan", "--format", "markdown", "--max-cost", "2")
	if !strings.Contains(r.stdout, ", over the budget\n") || !strings.Contains(r.stdout, "Planned at `0123456`") {
		t.Errorf("on GitHub, over the budget, the comment reads:\n%s", r.stdout)
	}
	// on a pull request, the commit is the pull request's head, not the
	// merge commit GitHub made for the run
	event := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request": {"number": 7, "head": {"sha": "fedcba9876543210fedcba9876543210fedcba98"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_EVENT_PATH", event)
	r.run(t, "plan", "--format", "markdown")
	if !strings.Contains(r.stdout, "Planned at `fedcba9`") {
		t.Errorf("on a pull request, the comment names another commit than its head:\n%s", r.stdout)
	}
	if s, o := r.file(t, r.summary), r.file(t, r.output); s != "" || o != "" {
		t.Errorf("plan --format markdown wrote GitHub's files:\n%s\n%s", s, o)
	}
}

// TestValidateJUnit: validate --format junit prints JUnit XML, a failing
// test case for the broken video at its place from the repository's
// root, and exits as validate does.
func TestValidateJUnit(t *testing.T) {
	r := newCIRepo(t, true)
	r.run(t, "validate", "--format", "junit")
	if r.exit != exitError {
		t.Errorf("exit %d, want %d", r.exit, exitError)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, r.stdout)
	}
	if doc.Tests != 2 || doc.Failures != 1 || len(doc.Suites) != 2 {
		t.Fatalf("%d tests, %d failures, %d suites; want 2, 1, 2:\n%s", doc.Tests, doc.Failures, len(doc.Suites), r.stdout)
	}
	broken := doc.Suites[0]
	if broken.Name != "site/videos/broken.yaml" || broken.Cases[0].Failure == nil ||
		!strings.HasPrefix(broken.Cases[0].Failure.Text, "site/videos/broken.yaml:3:5: scenes[0].scrpit: unknown field") {
		t.Errorf("the broken manifest's suite: %+v", broken)
	}
}

// TestFormatChoices: a --format a command does not have is a usage error
// that lists its choices; so is --json with another format.
func TestFormatChoices(t *testing.T) {
	r := newCIRepo(t, false)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--format", "md"}, `unknown format "md": use text or markdown`},
		{[]string{"plan", "--format", "junit"}, `unknown format "junit": use text or markdown`},
		{[]string{"validate", "--format", "markdown"}, `unknown format "markdown": use text or junit`},
		{[]string{"validate", "--format", "junit", "--json"}, "--json and --format junit each choose the output: give one"},
		{[]string{"plan", "--max-cost", "-3"}, `--max-cost "-3": want an amount in USD, e.g. 25 or 12.50`},
		{[]string{"plan", "--max-cost", "NaN"}, `--max-cost "NaN": want an amount in USD`},
	} {
		r.run(t, c.args...)
		if r.exit != exitUsage || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("reel %s: exit %d, stdout %q, stderr %q; want exit 2 saying %q", c.args, r.exit, r.stdout, r.stderr, c.want)
		}
	}
}

// TestMaxCostIsAnAmount: every command's --max-cost takes an amount in
// USD, zero or more. A negative one, NaN or infinity is a usage error that
// renders nothing, not a budget quietly dropped for reel.yaml's or none.
func TestMaxCostIsAnAmount(t *testing.T) {
	r := newCIRepo(t, false)
	for _, cmd := range []string{"plan", "render", "watch"} {
		for _, v := range []string{"-5", "-0.01", "NaN", "Inf", "ten"} {
			args := []string{cmd, "--max-cost", v}
			done := make(chan struct{})
			go func() { r.run(t, args...); close(done) }()
			select {
			case <-done:
			case <-time.After(time.Minute): // a watch that took the flag watches until stopped
				t.Fatalf("reel %s took the flag and ran on", args)
			}
			if r.exit != exitUsage || !strings.Contains(r.stderr, "--max-cost "+strconv.Quote(v)+": want an amount in USD") || r.stdout != "" {
				t.Errorf("reel %s: exit %d, stdout %q, stderr %q; want exit 2 asking for an amount in USD", args, r.exit, r.stdout, r.stderr)
			}
		}
	}
}

// TestPlanFoldedOnGitHub: on GitHub a long plan's listing is folded in a
// group titled with its summary line, which stays in sight after it; the
// same plan outside GitHub is printed as it is.
func TestPlanFoldedOnGitHub(t *testing.T) {
	r := newCIRepo(t, false)
	for i := range 30 {
		name := filepath.Join(r.site, "videos", "many", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".yaml")
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(ciExplainer), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.run(t, "plan")
	plain := r.stdout
	if strings.Contains(plain, "::") || !strings.Contains(plain, "+ create   many/a ") {
		t.Fatalf("outside GitHub the plan reads:\n%s", plain)
	}
	r.onGitHub(t, true)
	r.run(t, "plan")
	summary := "Plan: 31 to create. Estimated cost: $93.00 (93 credits) for ~"
	if !strings.HasPrefix(r.stdout, "::group::"+summary) || !strings.Contains(r.stdout, "\n::endgroup::\n"+summary) {
		t.Errorf("on GitHub the plan is not folded under its summary:\n%s", r.stdout)
	}
	if strings.Count(r.stdout, "+ create") != strings.Count(plain, "+ create") {
		t.Errorf("the folded plan lost lines:\n%s", r.stdout)
	}
}

// TestReleasePin: the action installs reel at the tag of its first
// release, the one ci.ReleaseTag names, and every workflow and snippet of
// the README uses that tag; reel version, built at it, says it.
func TestReleasePin(t *testing.T) {
	action, err := os.ReadFile("action.yml")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^  version:\n(?:    .*\n)*?    default: (\S+)\n`).FindSubmatch(action); m == nil || string(m[1]) != ci.ReleaseTag {
		t.Errorf("action.yml's version input defaults to %q, want %s", m, ci.ReleaseTag)
	}
	files, _ := filepath.Glob(filepath.Join("examples", ".github", "workflows", "*.yml"))
	uses := regexp.MustCompile(`reel-dev/reel@(v[0-9A-Za-z.+-]+)`) // a pin; @latest follows the newest release
	n := 0
	for _, f := range append(files, "README.md") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range uses.FindAllSubmatch(data, -1) {
			n++
			if string(m[1]) != ci.ReleaseTag {
				t.Errorf("%s uses reel-dev/reel@%s, want %s", f, m[1], ci.ReleaseTag)
			}
		}
	}
	if n < 4 {
		t.Errorf("%d uses of reel-dev/reel@ in the workflows and the README; want the action's and go install's", n)
	}
	bi := &debug.BuildInfo{Main: debug.Module{Version: ci.ReleaseTag}}
	if got := cli.Version(bi); got != "reel "+ci.ReleaseTag {
		t.Errorf("reel built at %s says %q", ci.ReleaseTag, got)
	}
}

// TestPlanMaxCostText: plan --max-cost holds the plan to that budget on
// a terminal too, named as the flag, whether the plan is made anew or read
// from the snapshot of the plan before it; it changes no exit code.
func TestPlanMaxCostText(t *testing.T) {
	r := newCIRepo(t, false)
	for i := range 2 { // the second plan is read from the first one's snapshot
		r.run(t, "plan", "--max-cost", "1")
		want := "Over budget: the estimate $3.00 is more than --max-cost $1.00; reel render --max-cost 1 would refuse it.\n"
		if r.exit != exitOK || !strings.HasSuffix(r.stdout, want) {
			t.Errorf("plan %d: exit %d, it prints\n%s\nwant it to end with %q", i+1, r.exit, r.stdout, want)
		}
	}
	r.run(t, "plan", "--max-cost", "10")
	if strings.Contains(r.stdout, "Over budget") {
		t.Errorf("within --max-cost, the plan says\n%s", r.stdout)
	}
}
