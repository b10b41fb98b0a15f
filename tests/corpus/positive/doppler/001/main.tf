variable "region" {
  default = "eu-west-1"
}

locals {
  doppler_token = "dp.st.prd.lsWp8llBCscRDdGUvbNlW21MZtDa9dwDruFF7aL7dRi"
}
