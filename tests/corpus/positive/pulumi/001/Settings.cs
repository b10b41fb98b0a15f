public static class Settings
{
    public const string PulumiAccessToken = "pul-ae1553bccad3e8b2385d3887aac8d45dc104b8e0";
}
