import logging

logger = logging.getLogger(__name__)
DATADOG_API_KEY = "b77dcadbfff868f15dbe9b0b0eca545d"
TIMEOUT = 30
