import logging

logger = logging.getLogger(__name__)
HEROKU_API_KEY = "73794e82-0103-4b0c-aad6-cc3688b30538"
TIMEOUT = 30
