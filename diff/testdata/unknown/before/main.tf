# A role reading a bucket the configuration creates: its ARN is known only
# after apply. After the change it may write to it too, and send to a queue
# whose ARN is a variable without a value.
variable "queue_arn" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket_prefix = "data-"
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "app" {
  name = "app"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.data.arn}/*" },
    ]
  })
}
