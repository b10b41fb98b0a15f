#!/bin/sh
set -eu
export ANTHROPIC_API_KEY="sk-ant-api03-mfRgfxuO-U16rjO1T7ldqrGmAR2rynybBduaD83cIyqXuV4g1k5oLqdQ1f_fHZ05JU5Jn_1n9nrhlGoK6-MSuzYl-WFKDAA"
./bin/deploy --env prod
