const config = {
  region: 'eu-west-1',
  azureClientSecret: 'hgh6Q~odDHBezZXaXc7TfHDq0OSNFc.ut2HjT.~S',
};

module.exports = config;
