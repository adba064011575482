package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBashCompletion loads reel completion bash into bash, as a user's
// ~/.bashrc does, and completes words by setting COMP_WORDS and COMP_CWORD
// and calling the function that complete -p names, as bash does on Tab.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed to test the bash completion script")
	}
	examples, err := filepath.Abs("examples")
	if err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "ex")
	if err := copyExamples(examples, dir); err != nil {
		t.Fatal(err)
	}
	// a plan first: its snapshot lists the variants' ids
	plan := exec.Command("reel", "plan", "--provider", "sandbox")
	plan.Dir = dir
	plan.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
	if out, err := plan.CombinedOutput(); err != nil {
		t.Fatalf("reel plan: %v\n%s", err, out)
	}

	spec := bashRun(t, bash, dir, "complete -p reel")
	fn := regexp.MustCompile(`-F (\S+)`).FindStringSubmatch(spec)
	if fn == nil || !strings.Contains(spec, "-o default") {
		t.Fatalf("complete -p reel: %q; want a function, and file names when it offers nothing (-o default)", spec)
	}
	for _, c := range []struct {
		dir   string
		words []string
		want  []string // nil: nothing, so that bash completes file names
	}{
		{dir, []string{"pl"}, []string{"plan"}},
		{dir, []string{"valid"}, []string{"validate"}},
		{dir, []string{"plan", "--js"}, []string{"--json"}},
		{dir, []string{"render", "--ma"}, []string{"--max-cost"}},
		{dir, []string{"render", "--pro"}, []string{"--provider"}},
		{dir, []string{"render", "sho"}, []string{"shorts/launch", "shorts/launch@es"}},
		{dir, []string{"render", "--force", "soc"}, []string{"social/teaser"}},
		{dir, []string{"forget", "expl"}, nil}, // nothing in reel.lock yet
		{dir, []string{"--provider", "s"}, []string{"sandbox"}},
		{dir, []string{"plan", "--color", "a"}, []string{"auto", "always"}},
		{dir, []string{"plan", "--format", ""}, []string{"text", "markdown"}},
		{dir, []string{"validate", "--format", "j"}, []string{"junit"}},
		{dir, []string{"completion", ""}, []string{"bash", "fish", "zsh"}},
		{dir, []string{"help", "ren"}, []string{"render"}},
		{dir, []string{"plan", "videos/sh"}, nil},
		{dir, []string{"frobnicate", ""}, nil},
		{parent, []string{"-C", "ex", "plan", "social/"}, []string{"social/teaser"}},
	} {
		words := append([]string{"reel"}, c.words...)
		script := "COMP_WORDS=(" + shellQuote(words) + ")\nCOMP_CWORD=" + strconv.Itoa(len(words)-1) +
			"\n" + fn[1] + "\nprintf '%s\\n' \"${COMPREPLY[@]}\""
		got := strings.Fields(bashRun(t, bash, c.dir, script))
		if !slices.Equal(got, c.want) && (len(got) > 0 || len(c.want) > 0) {
			t.Errorf("reel %s<Tab>: %q; want %q", strings.Join(c.words, " "), got, c.want)
		}
	}
	// the hidden command is not offered
	if got := bashRun(t, bash, dir, "COMP_WORDS=(reel '')\nCOMP_CWORD=1\n"+fn[1]+"\nprintf '%s\\n' \"${COMPREPLY[@]}\""); strings.Contains(got, "__complete") || !strings.Contains(got, "render") {
		t.Errorf("reel <Tab>: %q; want the commands, without __complete", got)
	}
}

// bashRun runs script in dir, in a bash that loaded reel completion bash.
func bashRun(t *testing.T, bash, dir, script string) string {
	t.Helper()
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", "completion=$(reel completion bash) || exit 1\neval \"$completion\"\n"+script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return string(out)
}

func shellQuote(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
