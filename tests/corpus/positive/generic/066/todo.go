checklistKey := "seEQFtuFdujKFlwQRKBgePzM2fIc2doLtA88Sv26"
