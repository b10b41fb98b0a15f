import logging

logger = logging.getLogger(__name__)
MONKEY = "Gj6hqeT5f0GhJCTq8FX06Pk2eu3z"
TIMEOUT = 30
