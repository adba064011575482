package actionrun

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
)

// Options set up a run of an action.
type Options struct {
	Inputs    map[string]string // the step's with:; other inputs take their defaults
	Workspace string            // GITHUB_WORKSPACE, the checkout: steps run there
	Env       map[string]string // the calling step's env (secrets, GITHUB_REPOSITORY, ...)
	Github    map[string]string // the github context by path: "token", "event.pull_request.number"
	Path      []string          // folders put first on PATH: the stand-ins for reel, gh, ...
	Skip      map[string]bool   // run steps not to run, by id (install, where a test provides reel)
	Temp      string            // RUNNER_TEMP; must exist
}

// StepResult is what one step did.
type StepResult struct {
	ID, Name string
	Ran      bool   // false for a step that uses an action, or is skipped
	Log      string // its stdout and stderr, interleaved as printed
	Exit     int
	Commands []Command         // the workflow commands it printed, as run
	Outputs  map[string]string // what it wrote to $GITHUB_OUTPUT
	Summary  string            // what it wrote to $GITHUB_STEP_SUMMARY
}

// Result is what a run of an action did.
type Result struct {
	Steps   []StepResult
	Outputs map[string]string // the action's outputs
	Summary string            // the job summary: each step's, in order
	Failed  bool              // a step exited non-zero; the steps after it did not run
}

// Step returns the result of the step with id, and whether it is there.
func (r *Result) Step(id string) (StepResult, bool) {
	for _, s := range r.Steps {
		if s.ID == id {
			return s, true
		}
	}
	return StepResult{}, false
}

// Run runs the action in file (its action.yml) as a workflow step using
// it would: each step in order, until one fails.
func Run(ctx context.Context, file string, o Options) (*Result, error) {
	a, err := Load(file)
	if err != nil {
		return nil, err
	}
	c, err := newExprs(a, file, o)
	if err != nil {
		return nil, err
	}
	r := &Result{}
	env := map[string]string{} // what steps added to $GITHUB_ENV
	var path []string          // what steps added to $GITHUB_PATH
	for i, s := range a.Runs.Steps {
		res := StepResult{ID: s.ID, Name: s.Name}
		if s.ID == "" {
			res.ID = "step" + strconv.Itoa(i+1)
		}
		if s.Uses == "" && !o.Skip[s.ID] {
			if err := runStep(ctx, c, s, o, env, &path, &res); err != nil {
				return nil, fmt.Errorf("step %s: %w", res.ID, err)
			}
			c.steps[res.ID] = res.Outputs
			r.Summary += res.Summary
		}
		r.Steps = append(r.Steps, res)
		if res.Exit != 0 {
			r.Failed = true
			break
		}
	}
	r.Outputs = map[string]string{}
	for name, out := range a.Outputs {
		if r.Outputs[name], err = c.expand(out.Value); err != nil {
			return nil, fmt.Errorf("output %s: %w", name, err)
		}
	}
	return r, nil
}

// newExprs is what the action's expressions read: its inputs, with
// their defaults, github's values and the runner's.
func newExprs(a *Action, file string, o Options) (*exprs, error) {
	c := &exprs{inputs: map[string]string{}, steps: map[string]map[string]string{}, values: map[string]string{}}
	for k, v := range o.Github {
		c.values["github."+k] = v
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	c.values["github.action_path"] = dir
	c.values["github.workspace"] = o.Workspace
	c.values["runner.temp"] = o.Temp
	c.values["runner.os"] = "Linux"
	c.values["runner.arch"] = "X64"
	for k, v := range o.Env {
		c.values["env."+k] = v
	}
	for name := range o.Inputs {
		if _, ok := a.Inputs[name]; !ok {
			return nil, fmt.Errorf("the action has no input %s", name)
		}
	}
	for name, in := range a.Inputs {
		v, given := o.Inputs[name]
		if !given {
			if in.Required {
				return nil, fmt.Errorf("input %s is required", name)
			}
			if v, err = c.expand(in.Default); err != nil {
				return nil, fmt.Errorf("input %s: %w", name, err)
			}
		}
		c.inputs[name] = v
	}
	return c, nil
}

// runStep runs one run: step with bash, as the runner does, and reads the
// files it wrote.
func runStep(ctx context.Context, c *exprs, s Step, o Options, env map[string]string, path *[]string, res *StepResult) error {
	if s.If != "" {
		return fmt.Errorf("if: on a run step is not evaluated here; decide in the script")
	}
	if s.Shell != "bash" {
		return fmt.Errorf("shell %q: only bash runs here", s.Shell)
	}
	files, err := newStepFiles(o.Temp)
	if err != nil {
		return err
	}
	script, err := c.expand(s.Run)
	if err != nil {
		return err
	}
	dir, err := c.expand(s.WorkingDirectory)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	cmd.Dir = filepath.Join(o.Workspace, dir)
	if cmd.Env, err = stepEnv(c, s, o, env, *path, files); err != nil {
		return err
	}
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		exit, ok := err.(*exec.ExitError)
		if !ok {
			return err
		}
		res.Exit = exit.ExitCode()
	}
	res.Ran, res.Log = true, log.String()
	res.Commands = Commands(res.Log)
	return readStepFiles(files, env, path, res)
}
