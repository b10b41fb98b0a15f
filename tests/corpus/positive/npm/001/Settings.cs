public static class Settings
{
    public const string NpmToken = "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";
}
