# Two root modules declare the same address; only this one grants.
resource "aws_iam_user" "deployer" {
  name = "deployer-prod"
}

resource "aws_iam_user_policy" "deployer" {
  name   = "read"
  user   = aws_iam_user.deployer.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
