package actionrun

import (
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"
)

// Action is an action's metadata file (action.yml), as much of it as a
// composite action's run needs.
type Action struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Author      string            `yaml:"author"`
	Branding    map[string]string `yaml:"branding"`
	Inputs      map[string]Input  `yaml:"inputs"`
	Outputs     map[string]Output `yaml:"outputs"`
	Runs        struct {
		Using string `yaml:"using"`
		Steps []Step `yaml:"steps"`
	} `yaml:"runs"`
}

// Input is one of an action's inputs.
type Input struct {
	Description string `yaml:"description"`
	Required    bool   `yaml:"required"`
	Default     string `yaml:"default"`
}

// Output is one of an action's outputs: for a composite action, an
// expression naming a step's output.
type Output struct {
	Description string `yaml:"description"`
	Value       string `yaml:"value"`
}

// Step is one step of a composite action.
type Step struct {
	ID               string            `yaml:"id"`
	Name             string            `yaml:"name"`
	If               string            `yaml:"if"`
	Uses             string            `yaml:"uses"`
	With             map[string]string `yaml:"with"`
	Run              string            `yaml:"run"`
	Shell            string            `yaml:"shell"`
	Env              map[string]string `yaml:"env"`
	WorkingDirectory string            `yaml:"working-directory"`
}

// Load reads a composite action's action.yml, refusing keys it does not
// know so that a typo is not run as an empty step.
func Load(path string) (*Action, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var a Action
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if a.Runs.Using != "composite" {
		return nil, fmt.Errorf("%s: runs.using is %q; only composite actions run here", path, a.Runs.Using)
	}
	for i, s := range a.Runs.Steps {
		if (s.Run == "") == (s.Uses == "") {
			return nil, fmt.Errorf("%s: step %d: give run or uses, one of them", path, i+1)
		}
		if s.Run != "" && s.Shell == "" {
			return nil, fmt.Errorf("%s: step %d: a composite action's run step needs a shell", path, i+1)
		}
	}
	return &a, nil
}
