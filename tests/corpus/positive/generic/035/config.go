package config

// ApiSecret is used by the client.
const ApiSecret = "2b4c85d9e2eD159CA6c006D502cEB1Bb85aCcaeA"
