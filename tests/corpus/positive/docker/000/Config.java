public final class Config {
    static final String DOCKER_HUB_TOKEN = "dckr_pat_vMugWEVQoKFC9FOyeXW-2KOHNHA";
}
