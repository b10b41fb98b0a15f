variable "region" {
  default = "eu-west-1"
}

locals {
  github_pat = "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"
}
