#!/bin/sh
set -eu
export SENDGRID_API_KEY="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"
./bin/deploy --env prod
