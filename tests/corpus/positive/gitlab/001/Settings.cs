public static class Settings
{
    public const string GitlabToken = "glpat-YzoxCm86MWlrcQp1OjVleXdpjS0sFvrAXx5M_33M4nH95RA.01.1b0z6hjt8";
}
