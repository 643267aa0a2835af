# The change grants writes to the secret bucket, which the Deny refuses,
# and to the other bucket, which the boundary does not allow: only the
# deletes on app-data are newly allowed.
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
      { Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::secret/*" },
      { Effect = "Allow", Action = "s3:PutObjectAcl", Resource = "arn:aws:s3:::other/*" },
      { Effect = "Allow", Action = "s3:DeleteObject", Resource = "arn:aws:s3:::app-data/*" },
    ]
  })
}
