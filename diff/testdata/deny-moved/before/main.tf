# A user whose policy denies deleting objects, in a statement without Sid.
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
      { Effect = "Deny", Action = "s3:DeleteObject", Resource = "*" },
      { Effect = "Deny", Action = "s3:PutBucketPolicy", Resource = "arn:aws:s3:::logs" },
    ]
  })
}
