variable "region" {
  default = "eu-west-1"
}

locals {
  smtp_password = "IRFMrwfmga3011^hkRjv"
}
