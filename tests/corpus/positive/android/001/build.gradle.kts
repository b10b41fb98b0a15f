android {
    defaultConfig {
        buildConfigField("String", "BACKEND_TOKEN", "\"Qk7Zqm7QMsqKaRPbWArrLoRfoA8xAzH7ksY37OnR\"")
    }
}
