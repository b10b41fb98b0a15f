launchdarkly_api_token = "vxgiccoh8pt-7ev53gsi4f-autcmo5p_jeb1vfup"
