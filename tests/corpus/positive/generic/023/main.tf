variable "region" {
  default = "eu-west-1"
}

locals {
  encryption_key = "NTelFp5etmU1VkTryP8w++PZHVXf3Z6pRVKKTUIaffbP"
}
