import logging

logger = logging.getLogger(__name__)
AWS_SECRET_ACCESS_KEY = "vuAO3QE+tCTzX57ZmX+5haVRP2jEK1RAmEDYKMrm"
TIMEOUT = 30
