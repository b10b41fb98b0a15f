public final class Config {
    static final String GITLAB_TOKEN = "glpat-YzoxCm86bHhsCnU6a2FzbMqCAHu6qx6eMOz-YcjjrT8Q.01.1806nq2he";
}
