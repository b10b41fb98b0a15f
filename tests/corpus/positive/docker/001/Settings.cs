public static class Settings
{
    public const string DockerHubToken = "dckr_pat_hICgCcwJZBQtVHasRAFKBBO-fNR";
}
