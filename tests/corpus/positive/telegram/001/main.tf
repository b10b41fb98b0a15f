variable "region" {
  default = "eu-west-1"
}

locals {
  telegram_bot_token = "2413775313:AAXH5PCxa-tVkODG0X50lAQe16vu76aY7os"
}
