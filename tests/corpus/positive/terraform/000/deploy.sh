#!/bin/sh
set -eu
export TFE_TOKEN="zKDfI7bIhBvyI9.atlasv1.DQS9GlsxdrPuWsNJ1zOtZild7QthQtJEeC0mCNMDXWlyGRmP1zCfn1AAh8cTa-4Wo6p"
./bin/deploy --env prod
