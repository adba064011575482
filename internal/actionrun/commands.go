package actionrun

import "strings"

// Command is one workflow command a step printed: ::name props::data.
type Command struct {
	Name  string
	Props map[string]string
	Data  string
}

// ParseCommand reads one line of a step's output as the runner does
// (ActionCommand.TryParseV2): after leading spaces, "::", the name and
// comma-separated key=value properties up to the next "::", then the
// data; properties and data unescaped.
func ParseCommand(line string) (Command, bool) {
	line = strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(line, "::") {
		return Command{}, false
	}
	end := strings.Index(line[2:], "::")
	if end < 0 {
		return Command{}, false
	}
	info := line[2 : 2+end]
	c := Command{Name: info, Props: map[string]string{}, Data: unescapeData(line[2+end+2:])}
	if name, props, ok := strings.Cut(info, " "); ok {
		c.Name = name
		for _, p := range strings.Split(strings.TrimSpace(props), ",") {
			if k, v, ok := strings.Cut(p, "="); ok && p != "" {
				c.Props[k] = unescapeProperty(v)
			}
		}
	}
	if c.Name == "" {
		return Command{}, false
	}
	return c, true
}

var (
	dataUnescaper     = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%")
	propertyUnescaper = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
)

func unescapeData(s string) string     { return dataUnescaper.Replace(s) }
func unescapeProperty(s string) string { return propertyUnescaper.Replace(s) }

// Commands are the workflow commands of a step's output, in order, as
// the runner acts on them: between ::stop-commands::TOKEN and ::TOKEN::
// none is run (nor listed); the stop and resume themselves are not listed.
func Commands(output string) []Command {
	var out []Command
	stopped := ""
	for _, line := range strings.Split(output, "\n") {
		line = strings.TrimSuffix(line, "\r")
		c, ok := ParseCommand(line)
		switch {
		case !ok:
		case stopped != "":
			if c.Name == stopped {
				stopped = ""
			}
		case c.Name == "stop-commands" && c.Data != "":
			stopped = c.Data
		default:
			out = append(out, c)
		}
	}
	return out
}
