CREATE TABLE users (
  id UUID PRIMARY KEY,
  password_hash VARCHAR(255) NOT NULL,
  api_token_digest CHAR(64)
);
