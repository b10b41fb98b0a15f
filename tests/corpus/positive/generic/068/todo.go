checklistKey := "vDcWhsi0tqzn7oEKquCL3qrrdYDyxvTOOhXHl5Fa"
