public_key = load_public_key(path)
keyword = "password"
monkey = "banana"
secret_santa = True
token_type = "bearer"
