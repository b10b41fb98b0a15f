import logging

logger = logging.getLogger(__name__)
DB_PASSWORD = "NKWXvriduq2524@l0Tbv"
TIMEOUT = 30
