# The log account: the audit bucket, written by the workload account's CI,
# read by the auditors; and a bucket of public reports.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["333333333333"]
}

resource "aws_s3_bucket" "audit" {
  bucket = "audit-logs"
}

resource "aws_s3_bucket_policy" "audit" {
  bucket = "audit-logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "WorkloadCIWrites"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::222222222222:role/ci" }
        Action    = ["s3:PutObject", "s3:DeleteObject"]
        Resource  = "arn:aws:s3:::audit-logs/*"
      },
      {
        Sid       = "AuditorsRead"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.auditor.arn }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::audit-logs", "arn:aws:s3:::audit-logs/*"]
      },
    ]
  })
}

resource "aws_iam_role" "auditor" {
  name = "auditor"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111111111111:role/org-admin" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_s3_bucket" "reports" {
  bucket = "public-reports"
}

# Someone opened this bucket to the world; the data perimeter RCP of the
# security OU closes it again.
resource "aws_s3_bucket_policy" "reports" {
  bucket = "public-reports"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::public-reports/*"
    }]
  })
}
