public final class Config {
    static final String DO_TOKEN = "dop_v1_0d9fbfeff3c477bb7b4f26b763fb572d7fe3da69fce91ff98c699e90d026cb5e";
}
