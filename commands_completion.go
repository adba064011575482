package main

import (
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/schema"
)

func init() {
	details["completion"] = `Prints a script that makes the shell complete reel's commands, flags,
flag values and video ids. Load it with:
  bash: source <(reel completion bash)        (in ~/.bashrc)
  zsh:  source <(reel completion zsh)         (in ~/.zshrc, after compinit)
  fish: reel completion fish | source         (in ~/.config/fish/config.fish)
The scripts ask reel itself what fits (reel __complete), so they complete
what this reel knows; video ids come from the project's last plan and its
manifest files, without loading the manifests.
`
}

// shells are the completion scripts, by shell.
var shells = map[string]string{
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

func runCompletion(e *env, args []string) int {
	pos, err := e.parse(e.flags("completion"), args)
	if err != nil {
		return e.usage("%v", err)
	}
	if len(pos) != 1 {
		return e.usage("completion takes the shell: bash, zsh or fish")
	}
	script, ok := shells[pos[0]]
	if !ok {
		return e.usage("%v", oneOf("shell", pos[0], "bash", "zsh", "fish"))
	}
	fmt.Fprint(e.stdout, script)
	return exitOK
}

// runComplete is reel __complete WORDS... CUR, which the completion
// scripts call: the words typed after reel, the last one the word being
// completed (maybe empty). It prints what fits, one a line; nothing lets
// the shell complete file names.
func runComplete(e *env, args []string) int {
	if e.describing {
		return exitOK // no flags of its own: every word is the shell's
	}
	for _, c := range completions(e.dir, args) {
		fmt.Fprintln(e.stdout, c)
	}
	return exitOK
}

// completions are the candidates for the last of words, the words typed
// after reel.
func completions(dir string, words []string) []string {
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
	st := scan(dir, done)
	switch {
	case st.value != nil:
		return matching(flagValues(st, st.value.Name), cur)
	case strings.HasPrefix(cur, "-"):
		return matching(flagNames(st.fs), cur)
	case st.cmd == nil:
		return matching(commandNames(), cur)
	}
	return matching(arguments(st), cur)
}

// scanned is what the words before the one being completed say.
type scanned struct {
	dir   string        // -C's folder, else the current one
	cmd   *command      // the command, once typed
	fs    *flag.FlagSet // its flags, or reel's own before it
	value *flag.Flag    // the flag the next word is the value of
}

// scan reads the completed words as run and the command's parse would.
func scan(dir string, words []string) scanned {
	st := scanned{dir: dir, fs: globalFlagSet()}
	for i := 0; i < len(words); i++ {
		w := words[i]
		st.value = nil
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			name, _, hasValue := strings.Cut(strings.TrimLeft(w, "-"), "=")
			f := st.fs.Lookup(name)
			if f == nil || hasValue || isBool(f) {
				continue
			}
			if i+1 == len(words) {
				st.value = f
				continue
			}
			i++
			if name == "C" && filepath.IsAbs(words[i]) {
				st.dir = words[i]
			} else if name == "C" {
				st.dir = filepath.Join(dir, words[i])
			}
			continue
		}
		if st.cmd == nil {
			c, ok := lookup(w)
			if !ok || c.hidden() { // no such command: nothing to offer
				return scanned{dir: st.dir, fs: flag.NewFlagSet("none", flag.ContinueOnError), cmd: &command{}}
			}
			st.cmd = &c
			if fs := flagsOf(c); fs != nil {
				st.fs = fs
			}
		}
	}
	return st
}

// globalFlagSet is reel's own flags, as run parses them before a command.
func globalFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("reel", flag.ContinueOnError)
	fs.String("C", "", "")
	fs.Bool("version", false, "")
	fs.Bool("help", false, "")
	(&env{}).globalFlags(fs)
	return fs
}

func flagNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, dashed(f.Name)) })
	if fs.Lookup("help") == nil {
		names = append(names, "--help")
	}
	return names
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		if !c.hidden() {
			names = append(names, c.name)
		}
	}
	return names
}

// flagValues are the values a flag takes, where reel knows them.
func flagValues(st scanned, name string) []string {
	switch name {
	case "provider":
		return registry.Choices()
	case "color":
		return []string{"auto", "always", "never"}
	case "force":
		return videoIDs(st.dir)
	case "format":
		return formats[st.cmd.name]
	}
	return nil // a folder, a duration, a number: the shell's file names, or nothing
}

// arguments are what a command takes as positional arguments.
func arguments(st scanned) []string {
	switch st.cmd.name {
	case "help":
		return commandNames()
	case "completion":
		return []string{"bash", "fish", "zsh"}
	case "schema":
		return []string{schema.Project, schema.Video}
	case "forget":
		return lockIDs(st.dir)
	case "validate", "plan", "render", "watch", "fetch":
		return videoIDs(st.dir)
	}
	return nil
}

// videoIDs lists the project's video ids quickly: those of its last plan
// (variants included) and those its manifest files' paths give, without
// reading a manifest.
func videoIDs(dir string) []string {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil
	}
	ids := map[string]bool{}
	for _, id := range planner.LastIDs(root) {
		ids[id] = true
	}
	if p, err := manifest.LoadProject(root); err == nil {
		files, _ := p.Manifests()
		for _, f := range files {
			ids[f.ID] = true
		}
	}
	return sortedKeys(ids)
}

// lockIDs lists the videos reel.lock records.
func lockIDs(dir string) []string {
	root, err := manifest.Find(dir)
	if err != nil {
		return nil
	}
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	if err != nil {
		return nil
	}
	ids := map[string]bool{}
	for id := range l.Videos {
		ids[id] = true
	}
	return sortedKeys(ids)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// matching keeps the candidates that start with prefix.
func matching(candidates []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(candidates), func(c string) bool { return !strings.HasPrefix(c, prefix) })
}
