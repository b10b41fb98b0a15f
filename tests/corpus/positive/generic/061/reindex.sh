curl -X POST https://search.internal:9200/_reindex \
  -H 'Content-Type: application/json' \
  -u indexer:JZSUgaetxz9045-lfPXP
