#!/bin/sh
set -eu
export DB_PASSWORD="{{ db_password }}"
./bin/deploy --env prod
