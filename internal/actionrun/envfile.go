package actionrun

import (
	"fmt"
	"strings"
)

// ParseEnvFile reads a $GITHUB_OUTPUT or $GITHUB_ENV file as the runner
// does: name=value lines, or name<<DELIMITER, the value's lines, then a
// line that is DELIMITER alone. Lines end at \n, \r\n or \r; a value of
// several lines is joined with \n. A later value of a name wins.
func ParseEnvFile(data string) (map[string]string, error) {
	out := map[string]string{}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\r", "\n"), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if line == "" {
			continue
		}
		eq, hd := strings.Index(line, "="), strings.Index(line, "<<")
		if eq >= 0 && (hd < 0 || eq < hd) {
			name := line[:eq]
			if name == "" {
				return nil, fmt.Errorf("line %d: no name before =", i+1)
			}
			out[name] = line[eq+1:]
			continue
		}
		if hd < 0 {
			return nil, fmt.Errorf("line %d: %q is neither name=value nor name<<DELIMITER", i+1, line)
		}
		name, delim := line[:hd], line[hd+2:]
		if name == "" || delim == "" {
			return nil, fmt.Errorf("line %d: a heredoc needs a name and a delimiter", i+1)
		}
		var value []string
		for i++; ; i++ {
			if i >= len(lines) {
				return nil, fmt.Errorf("%s: no line %q ends its value", name, delim)
			}
			if lines[i] == delim {
				break
			}
			value = append(value, lines[i])
		}
		out[name] = strings.Join(value, "\n")
	}
	return out, nil
}
