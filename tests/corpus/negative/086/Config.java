public final class Config {
    static final String KEYWORD = "wa8S0FD2W4cDIUWGNoDcCq1t711Z";
}
