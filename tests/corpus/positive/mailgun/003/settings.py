import logging

logger = logging.getLogger(__name__)
MAILGUN_API_KEY = "key-945ba253b98419717533c241d9564b4d"
TIMEOUT = 30
