#!/bin/sh
set -eu
export SLACK_WEBHOOK_URL="https://hooks.slack.com/services/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"
./bin/deploy --env prod
