accept_key = "StrictHostKeyChecking=no"
key = "/home/deploy/.config/app/credentials.json"
