package config

// AzureClientSecret is used by the client.
const AzureClientSecret = "cTK8Q~3TiYZ-K5eVwDsMiHA1mt0TeGcf5nKOdNIz"
