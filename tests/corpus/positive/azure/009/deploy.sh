#!/bin/sh
set -eu
export AZURE_STORAGE_ACCOUNT_KEY="Pb3DOqvihQk2oDxKg+/hycLQ3ZcXJb7J2wD7mptqJXyLlEq7CQQ2DrmvQwu5M6hYDeS5hpp+kwN0gDT7s+eZtS=="
./bin/deploy --env prod
