token_type_hint = "2fXpGx7wAX53Oq9tzVZme9m4"
password_hint = "ri5LD5te5k8L2xogBLGf"
secret_len = "5uaQowBiJ1C7BwfJ"
