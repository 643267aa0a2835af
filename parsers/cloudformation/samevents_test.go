package cloudformation

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
)

// TestSAMGenerated: what the SAM transform writes for a function's Events
// and DeadLetterQueue is in the inventory: a Lambda permission per push
// source with the conditions SAM gives it, the AWS managed policy of a
// poll source on the generated role, the DLQ statement as its inline policy.
func TestSAMGenerated(t *testing.T) {
	t.Parallel()
	const tpl = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:123456789012:dlq}
      Events:
        Upload: {Type: S3, Properties: {Bucket: !Ref Bucket, Events: "s3:ObjectCreated:*"}}
        Jobs: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:123456789012:jobs}}
        Topic: {Type: SNS, Properties: {Topic: arn:aws:sns:us-east-1:123456789012:t}}
        Alexa: {Type: AlexaSkill}
  Bucket:
    Type: AWS::S3::Bucket
`
	inv, errs := Parse("t.yaml", []byte(tpl), Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, p := range inv.Policies {
		if p.Kind == model.Trust {
			continue
		}
		for _, st := range p.Document.Statements {
			var conds []string
			for _, c := range st.Condition.Items {
				conds = append(conds, c.Key.Text)
			}
			var who []string
			if st.Principal != nil {
				for _, v := range st.Principal.Entries {
					for _, id := range v.Values.Items {
						who = append(who, v.Type.Text+":"+id.Text)
					}
				}
			}
			var actions []string
			for _, a := range st.Action.Items {
				actions = append(actions, a.Text)
			}
			got = append(got, string(p.Kind)+" "+p.Path+" "+strings.Join(who, ",")+" "+strings.Join(actions, ",")+" ["+strings.Join(conds, ",")+"]")
		}
	}
	for _, a := range inv.Attachments {
		got = append(got, "attachment "+a.Policy.Value.Text+" to "+a.Identity.ID)
	}
	slices.Sort(got)
	want := []string{
		"attachment arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole to FnRole",
		"attachment arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole to FnRole",
		"inline DeadLetterQueue  sqs:SendMessage []",
		"resource Events.Alexa Service:alexa-appkit.amazon.com lambda:InvokeFunction []",
		"resource Events.Topic Service:sns.amazonaws.com lambda:InvokeFunction [aws:SourceArn]",
		"resource Events.Upload Service:s3.amazonaws.com lambda:InvokeFunction [aws:SourceAccount]",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
