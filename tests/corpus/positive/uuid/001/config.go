package config

const saucelabsKey = "14851985-4d9c-4ae1-94cd-deb9091d3003"
