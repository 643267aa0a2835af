# A bucket policy that lets the own account read; after the change, anyone.
resource "aws_s3_bucket" "site" {
  bucket = "site-assets"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::site-assets/*"
    }]
  })
}
