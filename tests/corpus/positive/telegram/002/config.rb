Rails.application.configure do
  config.x.telegram_bot_token = "1020779810:AAFRJqxvVmujMrTH3BXWj5uIlXOOWcxO_Br"
end
