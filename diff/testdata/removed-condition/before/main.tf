# A user who may terminate instances: only with MFA before, always after.
resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_policy" "terminate" {
  name = "terminate"
  user = aws_iam_user.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:TerminateInstances", "ec2:StopInstances"]
      Resource = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}
