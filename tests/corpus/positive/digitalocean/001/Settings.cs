public static class Settings
{
    public const string DoToken = "dop_v1_7b26f2b01194ac861968013c4110208207ab8723d5f13a2cb35571ef6824ed8e";
}
