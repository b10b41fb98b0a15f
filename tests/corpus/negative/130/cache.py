token_cache_key = "8d449dd56c4d4d45368de852828ccb3d9c90f567"
cache_key = "a835149fd7f0a54e8b4879363761847cafffeef7"
