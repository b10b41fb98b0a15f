#!/bin/sh
set -eu
export LINEAR_API_KEY="lin_api_VnJkAWZGgMv5KzQElrUsCMFjrxOiSgud2nb2vn8j"
./bin/deploy --env prod
