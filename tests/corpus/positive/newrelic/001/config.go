package config

// NewRelicApiKey is used by the client.
const NewRelicApiKey = "NRAK-OOW4ON5WJTIH3RWTVAI6K3L9AB9"
