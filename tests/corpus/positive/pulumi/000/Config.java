public final class Config {
    static final String PULUMI_ACCESS_TOKEN = "pul-8826cc28cece939f997438bb3f8ac388d31463ff";
}
