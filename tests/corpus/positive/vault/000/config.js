const config = {
  region: 'eu-west-1',
  vaultToken: 'hvs.otxRozMhc4i6msxq7qITpC1MosmJea1il7eaq_60IM4wLr1XvQYghDj-lx1PwPO3eqeZXUDzdm6MqVQqrOODRBJT-d',
};

module.exports = config;
