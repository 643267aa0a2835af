package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/model/modeltest"
	"github.com/iacscan/iacscan/syntax"
)

// evalHeader is the template around each expression of TestEval.
const evalHeader = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::LanguageExtensions
Parameters:
  Env: {Type: String, Default: dev}
  Given: {Type: String, Default: ignored}
  NoDefault: {Type: String}
  Subnets: {Type: CommaDelimitedList, Default: "a, b,c"}
  Ami: {Type: "AWS::SSM::Parameter::Value<String>", Default: /aws/ami}
Mappings:
  Accounts:
    dev: {Id: "111111111111", Names: [x, y]}
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  InRegion: !Equals [!Ref "AWS::Region", eu-west-1]
  DevOrRegion: !Or [!Condition IsDev, !Condition InRegion]
  DevAndRegion: !And [!Condition IsDev, !Condition InRegion]
  ProdAndRegion: !And [!Condition IsProd, !Condition InRegion]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Thing:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      P: `

// TestEval evaluates one expression in a template with parameters,
// mappings and conditions. Results are written as kind:value, with
// {value|expr} for unknown strings and ?{expr} for wholly unknown values.
func TestEval(t *testing.T) {
	t.Parallel()
	tests := []struct{ expr, want string }{
		{`plain`, `plain`},
		{`!Ref Env`, `dev`},
		{`!Ref Given`, `given-by-user`},
		{`!Ref NoDefault`, `{${NoDefault}|!Ref NoDefault}`},
		{`!Ref Ami`, `{${Ami}|!Ref Ami}`},
		{`!Ref Subnets`, `[a b c]`},
		{`!Ref Bucket`, `{${Bucket}|!Ref Bucket}`},
		{`!Ref AWS::AccountId`, `{${AWS::AccountId}|!Ref AWS::AccountId}`},
		{`{Ref: AWS::Partition}`, `{${AWS::Partition}|Ref AWS::Partition}`},
		{`!Ref AWS::NotificationARNs`, `?{!Ref AWS::NotificationARNs}`},
		{`[a, !Ref AWS::NoValue, b]`, `[a b]`},
		{`!GetAtt Bucket.Arn`, `{${Bucket.Arn}|!GetAtt Bucket.Arn}`},
		{`{"Fn::GetAtt": [Bucket, Arn]}`, `{${Bucket.Arn}|Fn::GetAtt [Bucket, Arn]}`},
		{`!Sub "arn:aws:s3:::${Bucket}/*"`, `{arn:aws:s3:::${Bucket}/*|!Sub arn:aws:s3:::${Bucket}/*}`},
		{`{"Fn::Sub": "arn:aws:s3:::${Bucket}/*"}`, `{arn:aws:s3:::${Bucket}/*|Fn::Sub arn:aws:s3:::${Bucket}/*}`},
		{`!Sub "${Env}-${!Literal}-${AWS::Region}"`, `{dev-${Literal}-${AWS::Region}|!Sub ${Env}-${!Literal}-${AWS::Region}}`},
		{`!Sub "home/${!aws:username}"`, `home/${aws:username}`},
		{`!Sub ["${A}/${B}", {A: x, B: !Ref Env}]`, `x/dev`},
		{`!Sub ["${A}/*", {A: !GetAtt Bucket.Arn}]`, `{${Bucket.Arn}/*|!Sub [${A}/*, {A: !GetAtt Bucket.Arn}]}`},
		{`!Join [":", [a, !Ref Env]]`, `a:dev`},
		{`!Join ["", ["arn:aws:s3:::", !Ref Bucket, "/*"]]`, `{arn:aws:s3:::${Bucket}/*|!Join ['', [arn:aws:s3:::, !Ref Bucket, /*]]}`},
		{`!Join [",", !Ref Subnets]`, `a,b,c`},
		{`!Join [",", !GetAZs ""]`, `{${!Join [,, !GetAZs '']}|!Join [,, !GetAZs '']}`},
		{`!Select [1, [a, b, c]]`, `b`},
		{`!Select [0, !GetAZs ""]`, `?{!Select [0, !GetAZs '']}`},
		{`!Split [",", "a,b"]`, `[a b]`},
		{`!If [IsDev, yes, no]`, `yes`},
		{`!If [IsProd, yes, !Ref AWS::NoValue]`, `<novalue>`},
		{`!If [InRegion, a, b]`, `?{!If [InRegion, a, b]}`},
		{`!If [InRegion, same, same]`, `same`},
		{`!If [DevOrRegion, a, b]`, `a`},
		{`!If [DevAndRegion, a, b]`, `?{!If [DevAndRegion, a, b]}`},
		{`!If [ProdAndRegion, a, b]`, `b`},
		{`!FindInMap [Accounts, !Ref Env, Id]`, `111111111111`},
		{`!FindInMap [Accounts, dev, Names]`, `[x y]`},
		{`!FindInMap [Accounts, !Ref "AWS::Region", Id]`, `?{!FindInMap [Accounts, !Ref AWS::Region, Id]}`},
		{`!ImportValue shared-arn`, `{${!ImportValue shared-arn}|!ImportValue shared-arn}`},
		{`!Base64 abc`, `YWJj`},
		{`!Base64 {Ref: Bucket}`, `{${!Base64 {Ref: Bucket}}|!Base64 {Ref: Bucket}}`},
		{`{"Fn::ToJsonString": {a: [1, true]}}`, `{"a":["1",true]}`},
		{`{"Fn::Length": [a, b, c]}`, `3`},
		{`!Cidr [10.0.0.0/16, 4, 8]`, `?{!Cidr [10.0.0.0/16, 4, 8]}`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			got, errs := evalProperty(tt.expr)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func evalProperty(expr string) (string, []error) {
	r, errs := readYAML("t.yaml", []byte(evalHeader+expr+"\n"))
	if len(errs) > 0 {
		return "", errs
	}
	t := &template{file: "t.yaml", raw: r}
	t.readSections(Options{Params: map[string]string{"Given": "given-by-user"}})
	ev := t.evaluator()
	v, ok := ev.eval(t.ids["Thing"].body.Get("Properties").Get("P"), nil)
	if !ok {
		return "<novalue>", t.errs
	}
	return show(v), t.errs
}

func show(n *syntax.Node) string {
	switch {
	case n.Kind == syntax.KindUnknown:
		return "?{" + n.Expr + "}"
	case n.Unknown:
		return "{" + n.Value + "|" + n.Expr + "}"
	case n.Kind == syntax.KindList:
		var parts []string
		for _, item := range n.Items {
			parts = append(parts, show(item))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case n.Kind == syntax.KindMap:
		return fmt.Sprintf("map%d", len(n.Entries))
	}
	return n.Value
}

// TestEvalLocations checks that values resolved from elsewhere (parameter
// defaults, mappings) are located where they are used.
func TestEvalLocations(t *testing.T) {
	t.Parallel()
	r, _ := readYAML("t.yaml", []byte(evalHeader+"[!Ref Env, !FindInMap [Accounts, dev, Id]]\n"))
	tpl := &template{file: "t.yaml", raw: r}
	tpl.readSections(Options{})
	v, _ := tpl.evaluator().eval(tpl.ids["Thing"].body.Get("Properties").Get("P"), nil)
	if got := modeltest.Loc(v.Items[0].Loc) + " " + modeltest.Loc(v.Items[1].Loc); got != "25:11-25:19 25:21-25:51" {
		t.Errorf("locations = %s", got)
	}
}

func TestForEach(t *testing.T) {
	t.Parallel()
	text := `Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "app,batch"}
Resources:
  Fn::ForEach::Roles:
    - Name
    - !Ref Names
    - "${Name}Role":
        Type: AWS::IAM::Role
        Properties:
          RoleName: !Sub "${Name}-role"
          AssumeRolePolicyDocument: {Version: 2012-10-17, Statement: []}
      "&{Name}Policy":
        Type: AWS::IAM::Policy
        Properties:
          PolicyName: !Ref Name
          Roles: [!Ref "${Name}Role"]
          PolicyDocument: {Version: 2012-10-17, Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
  Fn::ForEach::Unknown:
    - X
    - !Split [",", !ImportValue names]
    - "${X}": {Type: AWS::SQS::Queue}
`
	inv, errs := Parse("t.yaml", []byte(text), Options{})
	want := "t.yaml:19:3: Fn::ForEach::Unknown: the collection is not known before deploy, so what the loop makes is not analysed"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors = %v", errs)
	}
	var got []string
	for _, id := range inv.Identities {
		got = append(got, id.ID+"="+id.Name.Text)
	}
	for _, p := range inv.Policies {
		if p.Kind == model.Inline {
			got = append(got, p.ID+"="+p.Name.Text+"@"+modeltest.Ref(p.Owners[0]))
		}
	}
	if s := strings.Join(got, " "); s != "appRole=app-role batchRole=batch-role appPolicy=app@appRole={${appRole}|!Ref appRole} batchPolicy=batch@batchRole={${batchRole}|!Ref batchRole}" {
		t.Errorf("got %s", s)
	}
}
