const config = {
  region: 'eu-west-1',
  accessKeyId: '32a9aaa3-bf52-471c-8cc8-9452cad6d930',
};

module.exports = config;
