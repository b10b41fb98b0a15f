#!/bin/sh
set -eu
export DATADOG_API_KEY="6b440d0c76bc0d9e8a073bec48646114"
./bin/deploy --env prod
