# The change adds a statement before the Denies and has the first deny
# bucket deletion too: the same Deny, changed, not one removed and one
# added. The second is unchanged.
resource "aws_iam_user" "ops" {
  name = "ops"
}

resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = aws_iam_user.ops.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:*", Resource = "*" },
      { Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" },
      { Effect = "Deny", Action = ["s3:DeleteObject", "s3:DeleteBucket"], Resource = "*" },
      { Effect = "Deny", Action = "s3:PutBucketPolicy", Resource = "arn:aws:s3:::logs" },
    ]
  })
}
