variable "region" {
  default = "eu-west-1"
}

locals {
  google_api_key = "AIzajH3ABtz2KCCPAmNvKdwzGCxUmBrJ6Pilo_C"
}
