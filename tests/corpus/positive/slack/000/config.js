const config = {
  region: 'eu-west-1',
  slackBotToken: 'xoxb-09305722249-113509781693-8PxdymFkwzPmsxMmzOthuZDA',
};

module.exports = config;
