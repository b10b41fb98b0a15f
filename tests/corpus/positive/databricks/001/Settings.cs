public static class Settings
{
    public const string DatabricksToken = "dapi9e0493e383827a287c7b44de7b400029";
}
