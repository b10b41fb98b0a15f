#!/bin/sh
set -eu
export MAILGUN_API_KEY="key-183d6891e17189f4885db6a270ab2f65"
./bin/deploy --env prod
