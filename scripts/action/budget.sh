#!/usr/bin/env bash
# The action's last step: fail a plan whose estimate is over the budget,
# after the comment says so. render needs no such step: reel render
# refuses a run over its budget before sending anything (exit 4).
set -euo pipefail

if [ "${REEL_OVER_BUDGET:-}" = true ]; then
	echo "::error title=reel: over budget::the estimate, \$$REEL_COST, is more than the budget (or holds renders of unknown price: see the job summary): render fewer videos at once, or raise the budget"
	exit 4
fi
