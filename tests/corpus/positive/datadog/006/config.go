package config

var DatadogApiKey = `79d87db49637cc2423a800da4bf9487c`
