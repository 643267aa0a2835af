package rules

import (
	"strings"

	"github.com/iacscan/iacscan/model"
)

// IAMActivityNotLogged finds CloudTrail trails that miss IAM activity.
var IAMActivityNotLogged = &Rule{
	ID:       "IAM505",
	Name:     "iam-activity-not-logged",
	Title:    "Trail misses IAM activity",
	Severity: Low,
	Practice: "Monitor activity in your AWS account",
	Description: "IAM and STS are global services: their events (new users, keys, policy changes, role " +
		"assumptions) are delivered to a trail only if it includes global service events, and a trail that is " +
		"not multi-region misses what happens in the other regions. Without log file validation, someone who " +
		"can write to the bucket can alter the record undetected. CIS AWS Foundations asks for all three, and " +
		"for logging to be on.\n\n" +
		"Each shortfall is named. Settings left out take CloudTrail's defaults (single-region, global events " +
		"included, validation off, logging on); values not known before deploy are not findings.",
	Bad: []Example{
		{Terraform, `resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}`},
	},
	Fix:         "log every region and global service events",
	Remediation: "Make the trail multi-region, keep global service events, and enable log file validation.",
	Fixes: []Example{
		{Terraform, `resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
}`},
		{CloudFormation, `Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
    IsMultiRegionTrail: true
    IncludeGlobalServiceEvents: true
    EnableLogFileValidation: true`},
	},
	Links: []string{
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events",
		"https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
		"https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html",
	},
	Since: "0.1.0",
	Check: checkIAMActivityNotLogged,
}

// trailSetting is a trail property that must be on, with its default.
type trailSetting struct {
	field    string
	value    func(*model.Trail) model.Value
	fallback bool
	missing  string
}

var trailSettings = []trailSetting{
	{"Logging", func(t *model.Trail) model.Value { return t.Logging }, true, "logging is off"},
	{"MultiRegion", func(t *model.Trail) model.Value { return t.MultiRegion }, false, "not multi-region"},
	{"GlobalServiceEvents", func(t *model.Trail) model.Value { return t.GlobalServiceEvents }, true, "global service events (IAM, STS) excluded"},
	{"LogFileValidation", func(t *model.Trail) model.Value { return t.LogFileValidation }, false, "log file validation off"},
}

func checkIAMActivityNotLogged(pass *Pass) {
	for _, t := range pass.Inventory.Trails {
		var missing []string
		var where []model.Location
		for _, s := range trailSettings {
			v := s.value(t)
			on := s.fallback
			switch {
			case v.Set && !v.IsKnown():
				continue
			case v.Set:
				on = strings.EqualFold(strings.TrimSpace(v.Text), "true")
			}
			if !on {
				missing = append(missing, s.missing)
				where = append(where, t.At(s.field))
			}
		}
		if len(missing) == 0 {
			continue
		}
		f := pass.Reportf(&t.Meta, t.Loc, "trail `%s` misses IAM activity: %s", t.ID, strings.Join(missing, "; "))
		for i, loc := range where {
			if loc != t.Loc {
				f.With(loc, "%s", missing[i])
			}
		}
	}
}
