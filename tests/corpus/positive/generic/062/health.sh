curl -s -u ":NYHKrprzvx4213%OpbwA" https://search.internal:9200/_cluster/health
