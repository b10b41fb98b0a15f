public static class Settings
{
    public const string FileChecksum = "4c88ea4c6acd8ceb93580ad0fc040fbe80e55078aed185cb2f6a632cbd02e0df";
}
