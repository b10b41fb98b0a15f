import logging

logger = logging.getLogger(__name__)
HEROKU_API_KEY = "HRKU-AAuRTi75X27aa666qdOezXfXqubD4M6UNGFU0zFwApugJlOHIKdCAuTekWTu"
TIMEOUT = 30
