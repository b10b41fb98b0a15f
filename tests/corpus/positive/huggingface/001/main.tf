variable "region" {
  default = "eu-west-1"
}

locals {
  hf_token = "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"
}
