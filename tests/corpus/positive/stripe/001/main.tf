variable "region" {
  default = "eu-west-1"
}

locals {
  stripe_secret_key = "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"
}
