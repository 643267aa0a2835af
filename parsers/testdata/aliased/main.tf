# An aliased provider deploys to another account: the resources it
# deploys, and those of the modules it is passed to, are in that account.
provider "aws" {
  allowed_account_ids = ["222222222222"]
}

provider "aws" {
  alias               = "log"
  allowed_account_ids = ["333333333333"]
}

resource "aws_iam_role" "admin" {
  name               = "admin"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role" "reader" {
  provider           = aws.log
  name               = "reader"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

module "ci" {
  source    = "./modules/ci"
  providers = { aws = aws.log }
}
