import logging

logger = logging.getLogger(__name__)
MONKEY = "prL4reUPPqmclDtWgG4Q09QvqKxR"
TIMEOUT = 30
