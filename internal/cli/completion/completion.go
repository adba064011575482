// Package completion is reel's shell completion: the bash, zsh and fish
// scripts reel completion prints, and the candidates reel __complete
// answers them with. The scripts ask reel itself what fits, so they
// complete what this reel knows; the candidates come from the command
// table main hands over (Line), read as reel would parse the words.
package completion

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/cli"
)

// Shells are the shells with a completion script.
var Shells = []string{"bash", "fish", "zsh"}

// Script is the completion script of shell.
func Script(shell string) (string, bool) {
	s, ok := scripts[shell]
	return s, ok
}

// Command is what completion knows of one command.
type Command struct {
	Name  string
	Flags *flag.FlagSet             // its flags, the global ones among them
	Args  func(dir string) []string // what it takes as arguments; nil: file names
}

// Line is the command line being completed: the program's own flags
// (before a command), the commands offered, and the values of the flags
// that have a known set of them.
type Line struct {
	Flags    *flag.FlagSet
	Commands []Command
	// Values lists the values of the flag name of the command cmd ("" for
	// the program's own flags) in the project at dir; nil: the shell's file
	// names, or nothing.
	Values func(dir, cmd, name string) []string
	// Chdir is the flag that names the folder to run in (-C).
	Chdir string
}

// FromTable is the command line of t's commands, those help lists, with
// their flags as a parse with env defines them, after the program's own
// flags (root).
func FromTable[E any](t *cli.Table[E], env E, root *flag.FlagSet) Line {
	l := Line{Flags: root}
	for _, c := range t.Commands {
		if !c.Hidden() {
			fs, _ := t.FlagSet(env, c)
			l.Commands = append(l.Commands, Command{Name: c.Name, Flags: fs, Args: c.Complete})
		}
	}
	return l
}

// Complete returns the candidates for the last of words, the words typed
// after reel (the last one maybe empty), in the folder dir. Nothing lets
// the shell complete file names.
func (l Line) Complete(dir string, words []string) []string {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, done := words[len(words)-1], words[:len(words)-1]
	if cur == "=" { // bash splits --color=value at the =
		cur, done = "", append(done, "=")
	}
	if n := len(done); n >= 2 && done[n-1] == "=" {
		done = done[:n-1] // --flag = value: the value of --flag
	}
	st := l.scan(dir, done)
	switch {
	case st.value != nil:
		return matching(l.Values(st.dir, st.cmd.name(), st.value.Name), cur)
	case strings.HasPrefix(cur, "-"):
		return matching(flagNames(st.fs), cur)
	case st.cmd == nil:
		return matching(l.Names(), cur)
	case st.cmd.Args == nil:
		return nil
	}
	return matching(st.cmd.Args(st.dir), cur)
}

// Names are the names of the commands offered.
func (l Line) Names() []string {
	names := make([]string, len(l.Commands))
	for i, c := range l.Commands {
		names[i] = c.Name
	}
	return names
}

// scanned is what the words before the one being completed say.
type scanned struct {
	dir   string        // -C's folder, else the current one
	cmd   *Command      // the command, once typed
	fs    *flag.FlagSet // its flags, or the program's own before it
	value *flag.Flag    // the flag the next word is the value of
}

// scan reads the completed words as reel and the command's parse would.
func (l Line) scan(dir string, words []string) scanned {
	st := scanned{dir: dir, fs: l.Flags}
	for i := 0; i < len(words); i++ {
		w := words[i]
		st.value = nil
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			name, _, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			f := st.fs.Lookup(name)
			if f == nil || hasValue || cli.IsBool(f) {
				continue
			}
			if i+1 == len(words) {
				st.value = f
				continue
			}
			i++
			if name == l.Chdir && filepath.IsAbs(words[i]) {
				st.dir = words[i]
			} else if name == l.Chdir {
				st.dir = filepath.Join(dir, words[i])
			}
			continue
		}
		if st.cmd == nil {
			i := slices.IndexFunc(l.Commands, func(c Command) bool { return c.Name == w })
			if i < 0 { // no such command: nothing to offer
				return scanned{dir: st.dir, fs: flag.NewFlagSet("none", flag.ContinueOnError), cmd: &Command{}}
			}
			st.cmd = &l.Commands[i]
			if st.cmd.Flags != nil {
				st.fs = st.cmd.Flags
			}
		}
	}
	return st
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, cli.Dashed(f.Name)) })
	if fs.Lookup("help") == nil {
		names = append(names, "--help")
	}
	return names
}

// matching keeps the candidates that start with prefix.
func matching(candidates []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(candidates), func(c string) bool { return !strings.HasPrefix(c, prefix) })
}

// scripts are the completion scripts, by shell.
var scripts = map[string]string{
	"bash": `# bash completion for reel: source <(reel completion bash)
_reel() {
    local IFS=$'\n'
    COMPREPLY=($(reel __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _reel reel
`,
	"zsh": `#compdef reel
# zsh completion for reel: source <(reel completion zsh), after compinit
_reel() {
    local -a candidates
    candidates=("${(@f)$(reel __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -n ${candidates[1]} ]]; then
        compadd -Q -- "${candidates[@]}"
    else
        _files
    fi
}
compdef _reel reel
`,
	"fish": `# fish completion for reel: reel completion fish | source
function __reel_complete
    set -l cur (commandline -ct)
    set -l out (reel __complete (commandline -opc)[2..-1] "$cur" 2>/dev/null)
    if test (count $out) -gt 0
        printf '%s\n' $out
    else
        __fish_complete_path "$cur"
    end
end
complete -c reel -f -a '(__reel_complete)'
`,
}

// name is the command's name; "" before one is typed.
func (c *Command) name() string {
	if c == nil {
		return ""
	}
	return c.Name
}
