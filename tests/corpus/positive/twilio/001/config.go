package config

// TwilioAuth is used by the client.
const TwilioAuth = "SK6a1a3e6a1f3cb384023196e061cbf5ab:VK4PRixkadhmykyb0X2INmT1VhInyTpH"
