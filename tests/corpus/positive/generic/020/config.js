const config = {
  region: 'eu-west-1',
  encryptionKey: 'lAVC5D1nTzWMqso+iaTA49k2W/z5T4UHGyWVICjPHjEm',
};

module.exports = config;
