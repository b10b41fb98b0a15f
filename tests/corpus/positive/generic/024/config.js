const config = {
  region: 'eu-west-1',
  smtpPassword: 'UEGTyirsys2630@kOfC7',
};

module.exports = config;
