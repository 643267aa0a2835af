# dev may assume gate only with MFA, and hop without condition; hop may
# assume gate without condition. Through hop, dev reaches gate without
# MFA: the chain search must not stop at the first, weaker, way to gate.
resource "aws_iam_user" "dev" {
  name = "dev"
}

resource "aws_iam_role" "gate" {
  name = "gate"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:user/dev" }
        Action    = "sts:AssumeRole"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
      },
      { Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:role/hop" }, Action = "sts:AssumeRole" },
    ]
  })
}

resource "aws_iam_role_policy" "gate" {
  name = "delete"
  role = aws_iam_role.gate.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:DeleteBucket", Resource = "*" }]
  })
}

resource "aws_iam_role" "hop" {
  name = "hop"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::123456789012:user/dev" }, Action = "sts:AssumeRole" }]
  })
}
