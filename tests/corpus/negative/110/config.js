const config = {
  region: 'eu-west-1',
  accessKeyId: '8e57cb3d-1f69-4951-b3ca-9948b48c4f05',
};

module.exports = config;
