#!/bin/sh
set -eu
export AWS_SECRET_ACCESS_KEY="yqRA5+IIkRAFvUlyw+HEAek7aMXjK9199r6YbQlW"
./bin/deploy --env prod
