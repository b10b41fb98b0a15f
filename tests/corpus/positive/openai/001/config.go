package config

// OpenaiApiKey is used by the client.
const OpenaiApiKey = "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"
