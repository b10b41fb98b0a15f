public final class Config {
    static final String KEYWORD = "bcv01fYx0goiwHqqTZArCRXNgtDF";
}
