public final class Config {
    static final String NPM_TOKEN = "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";
}
