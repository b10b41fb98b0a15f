package config

// SlackBotToken is used by the client.
const SlackBotToken = "xoxb-93730059571-561953748795-igtaJUltPCe7cnvQnR1FxvFE"
