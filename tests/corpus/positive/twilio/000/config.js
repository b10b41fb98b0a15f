const config = {
  region: 'eu-west-1',
  twilioAuth: 'SK03cb19001d1f104d86c2bbe2d1df6162:eM8WGWivRNw98aYx8iJu6mj760m13Y10',
};

module.exports = config;
