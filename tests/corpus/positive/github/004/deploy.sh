#!/bin/sh
set -eu
export GH_OAUTH_TOKEN="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"
./bin/deploy --env prod
