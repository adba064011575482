#!/usr/bin/env bash
# The action's comment step: post the plan's comment body on the pull
# request, or update the comment posted before. The body's first two
# lines are a hidden marker naming the project; the comment to update is
# the first one of this token's user whose body starts with them. A
# comment that cannot be posted (a pull request from a fork gets a
# read-only token) is a warning: the plan stands, and the budget is
# still checked.
set -euo pipefail

if [ "$REEL_COMMENT" != true ] || [ "$REEL_COMMAND" != plan ]; then
	exit 0
fi
if [ -z "$REEL_PR" ]; then
	echo "::notice title=reel action::not a pull request: the plan is in the job summary, not in a comment"
	exit 0
fi
body="$RUNNER_TEMP/reel-comment.md"
repo="$GITHUB_REPOSITORY"

REEL_MARKER=$(head -n 2 "$body")
REEL_ME=$(gh api user --jq .login 2> /dev/null || echo 'github-actions[bot]')
export REEL_MARKER REEL_ME

# post runs under if, where set -e does not stop it: each call checks its
# own status, so a failed lookup never posts a second comment.
post() {
	local id
	id=$(gh api --paginate "repos/$repo/issues/$REEL_PR/comments" \
		--jq '[.[] | select(.user.login == env.REEL_ME and (.body | startswith(env.REEL_MARKER)))][0].id // empty' |
		head -n 1) || return 1
	if [ -n "$id" ]; then
		gh api -X PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" > /dev/null || return 1
		echo "updated the plan comment on #$REEL_PR"
	else
		gh api -X POST "repos/$repo/issues/$REEL_PR/comments" -F "body=@$body" > /dev/null || return 1
		echo "commented the plan on #$REEL_PR"
	fi
}

if ! post; then
	echo "::warning title=reel action::could not comment on #$REEL_PR (a pull request from a fork has a read-only token): the plan is in the job summary"
fi
