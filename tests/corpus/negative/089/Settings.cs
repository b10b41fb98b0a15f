public static class Settings
{
    public const string FileChecksum = "93919db1012367a98cd4ef8b8b2f5c9e5af53254b4b01682e55366de9bd7bb57";
}
