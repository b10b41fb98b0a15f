variable "region" {
  default = "eu-west-1"
}

locals {
  notion_token = "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"
}
