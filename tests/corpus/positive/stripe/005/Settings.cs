public static class Settings
{
    public const string StripeRestrictedKey = "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";
}
