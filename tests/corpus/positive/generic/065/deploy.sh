curl -X POST https://deploy.internal/api/releases \
     -H "X-Deploy-ApiKey: rXmpQVSgdFiCN2fHNKX2hiLq" \
     -H "Accept: application/json"
