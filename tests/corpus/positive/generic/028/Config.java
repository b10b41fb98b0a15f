public final class Config {
    static final String SMTP_PASSWORD = "ROLGajnjra5576^ClHxQ";
}
