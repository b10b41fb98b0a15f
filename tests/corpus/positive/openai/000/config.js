const config = {
  region: 'eu-west-1',
  openaiApiKey: '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',
};

module.exports = config;
