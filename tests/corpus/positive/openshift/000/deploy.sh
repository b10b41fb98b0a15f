#!/bin/sh
set -eu
export OPENSHIFT_TOKEN="sha256~GoB7k-r8qncaNbjBabBl_WeY6HZUTY0LGnRVLgFBylg"
./bin/deploy --env prod
