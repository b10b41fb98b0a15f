import logging

logger = logging.getLogger(__name__)
GRAFANA_SA_TOKEN = "glsa_rpVIyT0L1ndxFLlZlxHVZiu900ogfXLJ_5a8f1779"
TIMEOUT = 30
