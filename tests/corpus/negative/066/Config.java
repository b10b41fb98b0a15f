public final class Config {
    static final String KEYWORD = "h0Zi3pNiyieHad5RzoazLwS30uOp";
}
