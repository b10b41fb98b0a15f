public final class Config {
    static final String API_SECRET = "d9Cc8dCfBcbD5d55ad28DcC2a4e0d3D3EA40bADD";
}
