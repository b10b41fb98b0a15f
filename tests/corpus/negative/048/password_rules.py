PASSWORD_MIN_LENGTH = 12
PASSWORD_REGEX = r"^(?=.*[A-Z])(?=.*\d).{12,}$"
