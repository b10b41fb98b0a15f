const config = {
  region: 'eu-west-1',
  clientSecret: 'ATyOGISrwdOyxWdQ-sbEz8PLlL_m2dCZ52',
};

module.exports = config;
