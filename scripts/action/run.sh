#!/usr/bin/env bash
# The action's main step: run reel's command in the project's folder.
# reel sees GITHUB_ACTIONS=true and writes the annotations, the job
# summary and the step outputs itself. With comment true, the plan's
# Markdown comment body goes to $RUNNER_TEMP/reel-comment.md for the next
# step. Inputs come as REEL_COMMAND, REEL_BUDGET, REEL_SHARD, REEL_COMMENT.
set -euo pipefail

case "$REEL_COMMAND" in
validate | plan | render) ;;
*)
	echo "::error title=reel action::command is \"$REEL_COMMAND\": use validate, plan or render"
	exit 2
	;;
esac

args=()
if [ -n "$REEL_BUDGET" ] && [ "$REEL_COMMAND" != validate ]; then
	args+=(--max-cost "$REEL_BUDGET")
fi
if [ -n "$REEL_SHARD" ]; then
	if [ "$REEL_COMMAND" != render ]; then
		echo "::error title=reel action::shard is for command render, not $REEL_COMMAND"
		exit 2
	fi
	args+=(--shard "$REEL_SHARD")
fi

reel "$REEL_COMMAND" "${args[@]}"

if [ "$REEL_COMMENT" = true ] && [ "$REEL_COMMAND" = plan ]; then
	reel plan "${args[@]}" --format markdown > "$RUNNER_TEMP/reel-comment.md"
fi
