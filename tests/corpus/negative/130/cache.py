token_cache_key = "8f8616ec781b6131b1105549870858e1c46d4ec3"
cache_key = "e40d75fe9cef1bc28f48d5255b5dd197dad5b85d"
