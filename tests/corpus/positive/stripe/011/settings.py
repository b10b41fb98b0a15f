import logging

logger = logging.getLogger(__name__)
STRIPE_WEBHOOK_SECRET = "whsec_mg2KGfSaSAiYWgZSFzoW2W7XCtANGchz"
TIMEOUT = 30
