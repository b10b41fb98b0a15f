release_token_2 = "seEQFtuFdujKFlwQRKBgePzM2fIc2doL"
