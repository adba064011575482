package actionrun

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// stepFiles are the files the runner gives each step, fresh and empty.
type stepFiles struct{ output, summary, env, path string }

func newStepFiles(temp string) (stepFiles, error) {
	dir, err := os.MkdirTemp(temp, "step")
	if err != nil {
		return stepFiles{}, err
	}
	f := stepFiles{
		output:  filepath.Join(dir, "output"),
		summary: filepath.Join(dir, "summary"),
		env:     filepath.Join(dir, "env"),
		path:    filepath.Join(dir, "path"),
	}
	for _, name := range []string{f.output, f.summary, f.env, f.path} {
		if err := os.WriteFile(name, nil, 0o644); err != nil {
			return stepFiles{}, err
		}
	}
	return f, nil
}

// stepEnv is a step's environment: a plain one (PATH, HOME), then what
// the caller gives, what earlier steps added, the runner's variables and
// the step's own env:, each over the one before.
func stepEnv(c *exprs, s Step, o Options, added map[string]string, path []string, f stepFiles) ([]string, error) {
	env := map[string]string{"HOME": os.Getenv("HOME"), "LANG": "C.UTF-8"}
	for k, v := range o.Env {
		env[k] = v
	}
	for k, v := range added {
		env[k] = v
	}
	dirs := append(append(append([]string{}, o.Path...), path...), os.Getenv("PATH"))
	env["PATH"] = strings.Join(dirs, string(os.PathListSeparator))
	env["CI"] = "true"
	env["GITHUB_ACTIONS"] = "true"
	env["GITHUB_WORKSPACE"] = o.Workspace
	env["GITHUB_ACTION_PATH"] = c.values["github.action_path"]
	env["RUNNER_TEMP"] = o.Temp
	env["GITHUB_OUTPUT"], env["GITHUB_STEP_SUMMARY"] = f.output, f.summary
	env["GITHUB_ENV"], env["GITHUB_PATH"] = f.env, f.path
	for k, v := range s.Env {
		x, err := c.expand(v)
		if err != nil {
			return nil, err
		}
		env[k] = x
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out, nil
}

// readStepFiles reads back what a step wrote to the runner's files: its
// outputs and summary into res, its env and path additions for the steps
// after it.
func readStepFiles(f stepFiles, env map[string]string, path *[]string, res *StepResult) error {
	read := func(name string) (string, error) {
		b, err := os.ReadFile(name)
		return string(b), err
	}
	out, err := read(f.output)
	if err != nil {
		return err
	}
	if res.Outputs, err = ParseEnvFile(out); err != nil {
		return err
	}
	if res.Summary, err = read(f.summary); err != nil {
		return err
	}
	e, err := read(f.env)
	if err != nil {
		return err
	}
	added, err := ParseEnvFile(e)
	if err != nil {
		return err
	}
	for k, v := range added {
		env[k] = v
	}
	p, err := read(f.path)
	if err != nil {
		return err
	}
	for _, dir := range strings.Split(p, "\n") {
		if dir = strings.TrimSpace(dir); dir != "" {
			*path = append([]string{dir}, *path...)
		}
	}
	return nil
}
