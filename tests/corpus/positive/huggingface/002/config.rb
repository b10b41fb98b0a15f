Rails.application.configure do
  config.x.hf_token = "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"
end
