Rails.application.configure do
  config.x.notion_token = "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"
end
