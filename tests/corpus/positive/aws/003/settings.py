import logging

logger = logging.getLogger(__name__)
AWS_ACCESS_KEY_ID = "AKIA6D3FSBVBS3F6MIRN"
TIMEOUT = 30
