#!/bin/sh
set -eu
export DISCORD_WEBHOOK="https://discord.com/api/webhooks/5149945975883790958/Eu0L1pATALUU5ezCbboxExRabQ1m0aw8mR4gUpPkCLlNK3wP7Npyj5xuaysDJbp05pH3"
./bin/deploy --env prod
