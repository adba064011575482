#!/usr/bin/env bash
# actionlint over the example workflows and the action (.ci/run runs it;
# ACTIONLINT names the binary). actionlint reads workflows, not an
# action's metadata, so the action's steps are checked as the steps of a
# job in a workflow made from action.yml: its inputs become
# workflow_dispatch inputs, and its steps keep their lines, so a finding
# names action.yml at the line to fix. With shellcheck on PATH, actionlint
# checks every run: script too; the scripts the action calls are checked
# by shellcheck directly.
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint=${ACTIONLINT:-actionlint}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

steps=$(grep -n '^  steps:$' action.yml | cut -d: -f1)
inputs=$(awk '/^inputs:/ { f = 1; next } /^[^ #]/ { f = 0 } f && /^  [A-Za-z0-9_-]+:/ { sub(/:.*/, ""); sub(/^  /, ""); print }' action.yml)
{
	echo "on:"
	echo "  workflow_dispatch:"
	echo "    inputs:"
	for name in $inputs; do
		echo "      $name: {type: string}"
	done
	echo "jobs:"
	echo "  action:"
	echo "    runs-on: ubuntu-latest"
} > "$tmp/head"
pad=$((steps - 1 - $(wc -l < "$tmp/head")))
if [ -z "$steps" ] || [ "$pad" -lt 0 ]; then
	echo "scripts/actionlint.sh: action.yml has no '  steps:' line after its inputs and outputs"
	exit 1
fi
{
	cat "$tmp/head"
	for ((i = 0; i < pad; i++)); do echo "#"; done
	echo "    steps:"
	tail -n "+$((steps + 1))" action.yml
} > "$tmp/action.yml"

status=0
"$actionlint" examples/.github/workflows/*.yml || status=1
# actionlint names the file as a path relative to here (../../tmp/...):
# a finding names action.yml instead.
if ! out=$("$actionlint" -no-color "$tmp/action.yml" 2>&1); then
	echo "$out" | sed -E "s#^(\.\./)*/?${tmp#/}/action\.yml#action.yml#"
	status=1
fi
if command -v shellcheck > /dev/null; then
	shellcheck scripts/action/*.sh || status=1
fi
exit $status
