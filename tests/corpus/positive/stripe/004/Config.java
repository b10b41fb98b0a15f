public final class Config {
    static final String STRIPE_RESTRICTED_KEY = "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";
}
