token_cache_key = "685ca8c0e47f5a6f3c739b0e5fd3f22cda0fa631"
cache_key = "7c2864dbf469e31c17000b58d449dd56c4d4d453"
