const config = {
  region: 'eu-west-1',
  squareAccessToken: 'EAAAgdX43mQQpvYYO7wYKOrSS2iqKRMS_3NxelUyGy99QbR_9qm3dsqeb40Q6JWJ',
};

module.exports = config;
