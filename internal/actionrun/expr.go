package actionrun

import (
	"fmt"
	"strings"
)

// exprs is what expressions read: inputs.x, steps.id.outputs.x, and
// github.x, runner.x and env.x, by their dotted path.
type exprs struct {
	inputs map[string]string
	steps  map[string]map[string]string // step id → outputs
	values map[string]string            // "github.token", "runner.temp", "env.X"
}

// expand replaces each ${{ expr }} in s by its value. An expression is a
// property path or a quoted string literal; anything else is an error, so
// an action cannot lean on an operator this stand-in would get wrong.
func (c *exprs) expand(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return "", fmt.Errorf("%q: an unclosed ${{", s)
		}
		v, err := c.eval(strings.TrimSpace(s[i+3 : i+j]))
		if err != nil {
			return "", err
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+2:]
	}
}

func (c *exprs) eval(expr string) (string, error) {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return strings.ReplaceAll(expr[1:len(expr)-1], "''", "'"), nil
	}
	if strings.ContainsAny(expr, " ()=!&|<>[]'\"") {
		return "", fmt.Errorf("${{ %s }}: only property paths and string literals are evaluated here", expr)
	}
	parts := strings.Split(expr, ".")
	switch {
	case parts[0] == "inputs" && len(parts) == 2:
		v, ok := c.inputs[parts[1]]
		if !ok {
			return "", fmt.Errorf("${{ %s }}: the action has no input %s", expr, parts[1])
		}
		return v, nil
	case parts[0] == "steps" && len(parts) == 4 && parts[2] == "outputs":
		return c.steps[parts[1]][parts[3]], nil // a step not run yet, or an output not set, is ""
	case parts[0] == "github" || parts[0] == "runner" || parts[0] == "env":
		return c.values[expr], nil
	}
	return "", fmt.Errorf("${{ %s }}: not a context this runs", expr)
}
