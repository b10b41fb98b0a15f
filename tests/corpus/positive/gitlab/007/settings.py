import logging

logger = logging.getLogger(__name__)
GITLAB_PAT = "glpat-O5QQdc8KTi1Ecthm8nZZ"
TIMEOUT = 30
