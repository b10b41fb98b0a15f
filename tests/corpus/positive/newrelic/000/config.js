const config = {
  region: 'eu-west-1',
  newRelicApiKey: 'NRAK-UY39HNHJCVNHJD2NRM4C0G7X6PH',
};

module.exports = config;
