public static class Settings
{
    public const string FileChecksum = "41b9967e26ee85169110601d50cc2e9612052149979e65fe11b7336b4c5ffc07";
}
