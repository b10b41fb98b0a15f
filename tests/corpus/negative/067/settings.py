import logging

logger = logging.getLogger(__name__)
MONKEY = "RMpWBHNUr8oBiC4cgQbM9JxhpPq4"
TIMEOUT = 30
