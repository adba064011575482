// Package actionrun runs a composite GitHub action's steps on this
// machine as GitHub's runner would, for tests: each run: step in order,
// with bash, its env and inputs substituted, and the runner's files
// ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY, $GITHUB_ENV, $GITHUB_PATH) in a
// temporary folder and read back after the step as the runner reads
// them. Steps that use another action are not run (a test stands in for
// what they do), and workflow commands in a step's output are parsed as
// the runner parses them.
//
// It is a faithful stand-in for the runner's rules, not the runner: the
// expressions it evaluates are the property paths an action needs
// (inputs.x, steps.id.outputs.x, github.x, runner.x, env.x), and an `if:`
// on a run: step is refused rather than guessed at.
package actionrun
