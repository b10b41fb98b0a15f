public final class Config {
    static final String DATABRICKS_TOKEN = "dapi809a55b714c2dbeb7f2e125b527ddc9d";
}
