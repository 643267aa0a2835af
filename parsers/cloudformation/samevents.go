package cloudformation

import (
	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/syntax"
)

// samEventSource is what the SAM transform writes for one event type of a
// function: the Lambda permission it adds for a push source (principal,
// and the source property its ARN or account condition comes from), or
// the AWS managed policy it attaches to a generated role for a poll-based
// source.
type samEventSource struct {
	principal string
	// sourceArn is the event property SAM writes as the permission's
	// SourceArn; sourceAccount adds aws:SourceAccount of the stack's
	// account; token is the property written as an event source token.
	sourceArn     string
	generatedArn  bool // SAM writes a SourceArn of a resource it creates
	sourceAccount bool
	managed       string
}

var samEventSources = map[string]samEventSource{
	"S3":               {principal: "s3.amazonaws.com", sourceAccount: true},
	"SNS":              {principal: "sns.amazonaws.com", sourceArn: "Topic"},
	"Api":              {principal: "apigateway.amazonaws.com", generatedArn: true},
	"HttpApi":          {principal: "apigateway.amazonaws.com", generatedArn: true},
	"Schedule":         {principal: "events.amazonaws.com", generatedArn: true},
	"CloudWatchEvent":  {principal: "events.amazonaws.com", generatedArn: true},
	"EventBridgeRule":  {principal: "events.amazonaws.com", generatedArn: true},
	"CloudWatchLogs":   {principal: "logs.amazonaws.com", generatedArn: true},
	"IoTRule":          {principal: "iot.amazonaws.com", generatedArn: true, sourceAccount: true},
	"Cognito":          {principal: "cognito-idp.amazonaws.com", sourceArn: "UserPool"},
	"AlexaSkill":       {principal: "alexa-appkit.amazon.com"},
	"SQS":              {managed: "service-role/AWSLambdaSQSQueueExecutionRole"},
	"Kinesis":          {managed: "service-role/AWSLambdaKinesisExecutionRole"},
	"DynamoDB":         {managed: "service-role/AWSLambdaDynamoDBExecutionRole"},
	"MSK":              {managed: "service-role/AWSLambdaMSKExecutionRole"},
	"ScheduleV2":       {}, // EventBridge Scheduler assumes a role SAM makes; no permission
	"MQ":               {},
	"SelfManagedKafka": {},
	"DocumentDB":       {},
}

// samEvents models what a function's Events make SAM write: Lambda
// permissions (judged as the function's resource policy) and, when SAM
// generates the role (roleID not ""), the managed policies of poll-based
// sources.
func (m *mapper) samEvents(c *current, roleID string) {
	events := c.prop("Events")
	if events == nil || events.Kind != syntax.KindMap {
		return
	}
	for _, e := range events.Entries {
		if e.Value.Kind != syntax.KindMap {
			continue
		}
		typ := scalar(e.Value.Get("Type"))
		if !typ.IsKnown() {
			continue
		}
		src, ok := samEventSources[typ.Text]
		if !ok {
			m.t.warnf(e.KeyLoc, "%s.Events.%s: SAM event type %s is not known; the access it grants is not analysed", c.id, e.Key, typ.Text)
			continue
		}
		props := e.Value.Get("Properties")
		loc := span(e.KeyLoc, e.Value.Loc)
		if src.managed != "" && roleID != "" {
			arn := "arn:${AWS::Partition}:iam::aws:policy/" + src.managed
			m.inv.Attachments = append(m.inv.Attachments, &model.Attachment{
				Meta: c.meta("Events."+e.Key, loc), Policy: model.Ref{Value: model.Value{Text: arn, Unknown: true, Expr: arn, Loc: loc, Set: true}},
				Identity: model.Ref{ID: roleID}, IdentityKind: model.Role,
			})
		}
		if src.principal == "" {
			continue
		}
		perm := syntax.LambdaPermission{
			Principal: syntax.StringNode(src.principal, loc),
			Action:    syntax.StringNode("lambda:InvokeFunction", loc),
			Function: &syntax.Node{Kind: syntax.KindString, Value: "${" + c.id + ".Arn}", Unknown: true,
				Expr: "!GetAtt " + c.id + ".Arn", Loc: loc},
			Loc: loc,
		}
		switch {
		case src.sourceArn != "" && props != nil && props.Get(src.sourceArn) != nil:
			perm.SourceArn = props.Get(src.sourceArn)
		case src.generatedArn:
			perm.SourceArn = syntax.UnknownNode("the ARN of the "+typ.Text+" source SAM creates", loc)
		}
		if src.sourceAccount {
			perm.SourceAccount = &syntax.Node{Kind: syntax.KindString, Value: "${AWS::AccountId}", Unknown: true, Expr: "AWS::AccountId", Loc: loc}
		}
		if typ.Is("AlexaSkill") && props != nil && props.Get("SkillId") != nil {
			// Lambda checks the skill ID as the event source token.
			perm.EventSourceToken = props.Get("SkillId")
		}
		m.addPolicy(&model.Policy{
			Meta: c.meta("Events."+e.Key, loc), Kind: model.Resource, Service: "lambda",
			Owners: []model.Ref{c.self()}, Document: perm.Document(),
		})
	}
}

// samDeadLetterQueue adds the statement SAM gives a generated role to
// send failed events to the function's DeadLetterQueue.
func (m *mapper) samDeadLetterQueue(c *current, roleID string) {
	dlq := c.prop("DeadLetterQueue")
	if dlq == nil || dlq.Kind != syntax.KindMap {
		return
	}
	action := map[string]string{"SQS": "sqs:SendMessage", "SNS": "sns:Publish"}[scalar(dlq.Get("Type")).Text]
	target := dlq.Get("TargetArn")
	if action == "" || target == nil {
		return
	}
	loc := c.propLoc("DeadLetterQueue")
	stmt := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		{Key: "Effect", KeyLoc: loc, Value: syntax.StringNode("Allow", loc)},
		{Key: "Action", KeyLoc: loc, Value: syntax.StringNode(action, loc)},
		{Key: "Resource", KeyLoc: target.Loc, Value: target},
	}}
	doc := &syntax.Node{Kind: syntax.KindMap, Loc: loc, Entries: []*syntax.Entry{
		{Key: "Version", KeyLoc: loc, Value: syntax.StringNode("2012-10-17", loc)},
		{Key: "Statement", KeyLoc: loc, Value: &syntax.Node{Kind: syntax.KindList, Loc: loc, Items: []*syntax.Node{stmt}}},
	}}
	m.addPolicy(&model.Policy{
		Meta: c.meta("DeadLetterQueue", loc), Kind: model.Inline, Owners: []model.Ref{{ID: roleID}},
		Name: model.Known(roleID+"DeadLetterQueuePolicy", loc), Document: syntax.DecodeDocument(doc), Template: "DeadLetterQueue",
	})
}
