Rails.application.configure do
  config.x.google_api_key = "AIzaBOd5FQATcWX0boC3pTAO33HNHsGlqSpZhtV"
end
