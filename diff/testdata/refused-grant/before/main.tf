# A role that reads app-data and may never touch the secret bucket; its
# boundary allows S3 on app-data and secret only.
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = ["arn:aws:s3:::app-data/*", "arn:aws:s3:::secret/*"] }] })
}

resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::app-data/*" },
      { Effect = "Deny", Action = "s3:*", Resource = "arn:aws:s3:::secret/*" },
    ]
  })
}
