package config

// GithubToken is used by the client.
const GithubToken = "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"
