token_type_hint = "2I0Wo0q7422HwsKx8dHnH9ZO"
password_hint = "eXpMBgD57UDDTvlRZIXP"
secret_len = "hVKPd2fXpGx7wAX5"
