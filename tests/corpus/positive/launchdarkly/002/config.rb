Rails.application.configure do
  config.x.ld_sdk_key = "sdk-acddcacb-8c59-4dec-b3ae-7c4505c2c9ae"
end
