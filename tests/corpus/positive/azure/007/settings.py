import logging

logger = logging.getLogger(__name__)
AZURE_STORAGE_ACCOUNT_KEY = "ascqh5Om2awD9zWHI21tnu7k31XQofL6LxId38Tmg994CNL5cB4aWtR155G9lbXjSiEKdTwwnekbbyzdBzwElo=="
TIMEOUT = 30
