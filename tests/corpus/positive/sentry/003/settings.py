import logging

logger = logging.getLogger(__name__)
SENTRY_AUTH_TOKEN = "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"
TIMEOUT = 30
