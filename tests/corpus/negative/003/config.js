module.exports = {
  apiKey: process.env.API_KEY,
  secret: process.env.APP_SECRET || "",
};
