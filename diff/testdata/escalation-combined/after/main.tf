# A build role that may pass roles (to services it cannot use) and, in a
# second policy, create Lambda functions it cannot hand a role: alone,
# neither escalates.
resource "aws_iam_role" "build" {
  name = "build"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_policy" "pass" {
  name = "pass-roles"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "pass" {
  role       = aws_iam_role.build.name
  policy_arn = aws_iam_policy.pass.arn
}

resource "aws_iam_policy" "lambda" {
  name = "lambda-deploy"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" }]
  })
}

# The change: the second policy is attached to the same role. Together they
# let the role run code as any role it can pass.
resource "aws_iam_role_policy_attachment" "lambda" {
  role       = aws_iam_role.build.name
  policy_arn = aws_iam_policy.lambda.arn
}
