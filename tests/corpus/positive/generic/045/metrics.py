amplitude_api_token = "2b36bcfc5e477291ef59ee6a36beee60"
