resource "aws_ebs_volume" "data" {
  kms_key = "05db31ba-9f8c-4905-a68e-af7cc92a4719"
  tenant_key = "66cc4373-24cf-49fd-8852-77bc0645eaac"
}
