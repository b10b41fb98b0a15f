package config

// SecretName is used by the client.
const SecretName = "prod/db/password"
