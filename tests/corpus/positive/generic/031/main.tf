variable "region" {
  default = "eu-west-1"
}

locals {
  api_secret = "8427050aCDfCC5fEfE3730de4FFFA15CC9a7cEEd"
}
