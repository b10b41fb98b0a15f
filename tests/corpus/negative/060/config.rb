Rails.application.configure do
  config.x.auth_token = "your-api-token-here"
end
