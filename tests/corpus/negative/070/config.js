const config = {
  region: 'eu-west-1',
  accessKeyId: '8b28fcd3-08b8-45e6-a625-812bb948f951',
};

module.exports = config;
