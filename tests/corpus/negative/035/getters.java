String password = config.getPassword();
String apiKey = System.getenv("API_KEY");
char[] secret = console.readPassword();
