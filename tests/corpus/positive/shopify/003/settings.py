import logging

logger = logging.getLogger(__name__)
SHOPIFY_ACCESS_TOKEN = "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"
TIMEOUT = 30
