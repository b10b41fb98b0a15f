#!/bin/sh
set -eu
export HEROKU_API_KEY="15580385-b26f-4349-8835-53e0636831f1"
./bin/deploy --env prod
