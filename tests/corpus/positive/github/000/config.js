const config = {
  region: 'eu-west-1',
  githubToken: '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',
};

module.exports = config;
