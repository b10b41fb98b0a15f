Rails.application.configure do
  config.x.doppler_token = "dp.st.prd.UVsIoQ4aEBYgTPNWt5esngafR8wSBGcoV25xPqt7R1O"
end
