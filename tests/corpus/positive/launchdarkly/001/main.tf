variable "region" {
  default = "eu-west-1"
}

locals {
  ld_sdk_key = "sdk-87c502f8-4ec5-47d6-a215-ea39f1d4673b"
}
