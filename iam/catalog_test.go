package iam

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/iacscan/iacscan/model"
)

func TestAction(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		name          string
		want          string // "" for unknown
		level         AccessLevel
		resourceLevel bool
	}{
		{"s3:GetObject", "s3:GetObject", Read, true},
		{"S3:getobject", "s3:GetObject", Read, true},
		{"s3:GetObjects", "", 0, false},
		{"s4:GetObject", "", 0, false},
		{"s3:ListAllMyBuckets", "s3:ListAllMyBuckets", List, false},
		{"iam:CreatePolicyVersion", "iam:CreatePolicyVersion", PermissionsManagement, true},
		{"iam:TagRole", "iam:TagRole", Tagging, true},
		{"iam:PassRole", "iam:PassRole", Write, true},
		{"ec2:DescribeInstances", "ec2:DescribeInstances", List, false},
		{"GetObject", "", 0, false},
	}
	for _, tt := range tests {
		a := c.Action(tt.name)
		if tt.want == "" {
			if a != nil {
				t.Errorf("Action(%q) = %s, want nil", tt.name, a)
			}
			continue
		}
		if a == nil || a.String() != tt.want || a.Level != tt.level || a.ResourceLevel() != tt.resourceLevel {
			t.Errorf("Action(%q) = %v, want %s level %v resource-level %v", tt.name, a, tt.want, tt.level, tt.resourceLevel)
		}
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	c := Default()
	all := c.NumActions()
	tests := []struct {
		pattern string
		check   func(ActionSet) bool
		what    string
	}{
		{"*", func(s ActionSet) bool { return s.Len() == all }, "every action"},
		{"s3:*", func(s ActionSet) bool { return s.Len() == len(c.Service("s3").Actions) }, "every s3 action"},
		{"s3:GetObject", func(s ActionSet) bool { return s.Len() == 1 && s.Has(c.Action("s3:GetObject")) }, "one action"},
		{"S3:GETOBJECT", func(s ActionSet) bool { return s.Len() == 1 && s.Has(c.Action("s3:GetObject")) }, "case-insensitive"},
		{"s3:Get*", func(s ActionSet) bool {
			return s.Has(c.Action("s3:GetObject")) && s.Has(c.Action("s3:GetBucketPolicy")) && !s.Has(c.Action("s3:PutObject"))
		}, "s3 Get actions only"},
		{"s3:GetObject?cl", func(s ActionSet) bool { return s.Len() == 1 && s.Has(c.Action("s3:GetObjectAcl")) }, "? matches one character"},
		{"*:Get*", func(s ActionSet) bool {
			return s.Has(c.Action("s3:GetObject")) && s.Has(c.Action("iam:GetRole")) && !s.Has(c.Action("iam:ListRoles"))
		}, "Get actions of every service"},
		{"s3:GetObjects", func(s ActionSet) bool { return s.IsEmpty() }, "nothing"},
		{"nosuch:*", func(s ActionSet) bool { return s.IsEmpty() }, "nothing"},
		{"s3", func(s ActionSet) bool { return s.IsEmpty() }, "nothing"},
	}
	for _, tt := range tests {
		if got := c.Match(tt.pattern); !tt.check(got) {
			t.Errorf("Match(%q) has %d actions, want %s", tt.pattern, got.Len(), tt.what)
		}
	}
	not := c.MatchNot([]string{"iam:*", "organizations:*"})
	if not.Has(c.Action("iam:PassRole")) || !not.Has(c.Action("s3:GetObject")) ||
		not.Len() != all-len(c.Service("iam").Actions)-len(c.Service("organizations").Actions) {
		t.Errorf("MatchNot(iam:*, organizations:*) has %d actions", not.Len())
	}
}

func TestResources(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		action, resource string
		accepts          bool
	}{
		{"s3:GetObject", "arn:aws:s3:::bucket", false},
		{"s3:GetObject", "arn:aws:s3:::bucket/*", true},
		{"s3:GetObject", "arn:aws:s3:::bucket*", true},
		{"s3:GetObject", "arn:aws-cn:s3:::bucket/key", true},
		{"s3:GetObject", "*", true},
		{"s3:GetObject", "arn:aws:s3:::${aws:username}/*", true},
		{"s3:ListBucket", "arn:aws:s3:::bucket", true},
		// Placeholders are generous, except bucket, queue, topic, table and
		// function names, which cannot hold "/".
		{"s3:ListBucket", "arn:aws:s3:::bucket/*", false},
		{"s3:ListBucket", "arn:aws:s3:::bucket*", true},
		{"s3:ListBucket", "arn:aws:s3:::*", true},
		{"s3:GetObject", "arn:aws:s3:::*/*", true},
		{"dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*", false},
		{"dynamodb:Query", "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*", true},
		{"lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:123456789012:function:app:*", true},
		{"iam:PassRole", "arn:aws:iam::123456789012:role/service/app", true},
		{"ssm:GetParameter", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/password", true},
		{"s3:ListAllMyBuckets", "*", true},
		{"s3:ListAllMyBuckets", "arn:aws:s3:::bucket", false},
		{"s3:ListAllMyBuckets", "arn:aws:s3:::*", true},
		{"iam:PassRole", "arn:aws:iam::123456789012:role/app", true},
		{"iam:PassRole", "arn:aws:iam::123456789012:user/app", false},
		{"logs:PutLogEvents", "arn:aws:logs:us-east-1:123456789012:log-group:app:*", true},
		{"dynamodb:GetItem", "arn:aws:s3:::bucket/*", false},
		{"dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/*", true},
		{"dynamodb:GetItem", "arn:aws:dynamodb:*", true},
		{"dynamodb:GetItem", "arn:aws:s3:*", false},
		{"s3:GetObject", "arn:aws:s3:::${aws:PrincipalTag/team}/*", true},
	}
	for _, tt := range tests {
		a := c.Action(tt.action)
		if got := a.Accepts(tt.resource); got != tt.accepts {
			t.Errorf("%s.Accepts(%q) = %v, want %v (types %v)", tt.action, tt.resource, got, tt.accepts, typeNames(a.ResourceTypesFor(tt.resource)))
		}
	}
}

func typeNames(ts []*ResourceType) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

func TestResourceScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		resource string
		want     Scope
	}{
		{"*", Everything},
		{"arn:*", Everything},
		{"arn:aws:iam::*:role/*", AllOfType},
		{"arn:aws:iam::123456789012:role/*", AllOfType},
		{"arn:aws:iam::123456789012:role/app-*", Pattern},
		{"arn:aws:iam::123456789012:role/app", Specific},
		{"arn:aws:lambda:*:*:function:app", Specific},
		{"arn:aws:s3:::bucket/*", Pattern},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/*", AllOfType},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/app/*", Pattern},
		{"arn:aws:s3:::*", AllOfType},
		{"arn:aws:iam::123456789012:user/${aws:username}", Pattern},
	}
	for _, tt := range tests {
		if got := Default().ResourceScope(tt.resource); got != tt.want {
			t.Errorf("ResourceScope(%q) = %d, want %d", tt.resource, got, tt.want)
		}
	}
}

func TestScopeOf(t *testing.T) {
	t.Parallel()
	partly := func(text string) model.Value { return model.Value{Text: text, Unknown: true, Set: true} }
	tests := []struct {
		v     model.Value
		want  Scope
		known bool
	}{
		{model.Known("arn:aws:iam::123456789012:role/*", model.Location{}), AllOfType, true},
		{model.Known("*", model.Location{}), Everything, true},
		{partly("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*"), AllOfType, true},
		{partly("arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/app-*"), Pattern, true},
		{partly("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/app:*"), Pattern, true},
		{partly("arn:aws:iam::${var.account}:role/deploy"), Specific, true},
		// The unknown is the name, or the whole ARN: it could be anything.
		{partly("arn:aws:iam::123456789012:role/${var.name}"), Specific, false},
		{partly("arn:aws:iam::123456789012:role/${var.prefix}*"), Specific, false},
		{partly("${aws_iam_role.app.arn}"), Specific, false},
		{partly("arn:aws:${var.service}:::*"), Specific, false},
		{model.Value{Unknown: true, Set: true, Expr: "!GetAtt Role.Arn"}, Specific, false},
		{model.Value{}, Specific, false},
	}
	for _, tt := range tests {
		got, ok := Default().ScopeOf(tt.v)
		if got != tt.want || ok != tt.known {
			t.Errorf("ScopeOf(%q) = %d, %v, want %d, %v", tt.v.Text, got, ok, tt.want, tt.known)
		}
	}
}

func TestConditionKeys(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		action, key string
		typ         KeyType // "" = not valid for the action
		global      bool
	}{
		{"s3:GetObject", "aws:SourceIp", IPAddress, true},
		{"s3:GetObject", "AWS:SOURCEIP", IPAddress, true},
		{"s3:GetObject", "aws:PrincipalTag/team", String, true},
		{"s3:GetObject", "s3:TlsVersion", Numeric, false},
		{"s3:GetObject", "s3:ExistingObjectTag/owner", String, false},
		{"s3:GetObject", "s3:prefix", "", false},
		{"s3:ListBucket", "s3:prefix", String, false},
		{"iam:PassRole", "iam:PassedToService", String, false},
		{"iam:CreateRole", "aws:TagKeys", ArrayOfString, true},
		{"s3:GetObject", "aws:NoSuchKey", "", false},
	}
	for _, tt := range tests {
		k := c.ConditionKey(c.Action(tt.action), tt.key)
		switch {
		case tt.typ == "" && k != nil:
			t.Errorf("ConditionKey(%s, %s) = %+v, want none", tt.action, tt.key, k)
		case tt.typ != "" && (k == nil || k.Type != tt.typ || k.Global != tt.global):
			t.Errorf("ConditionKey(%s, %s) = %+v, want type %s global %v", tt.action, tt.key, k, tt.typ, tt.global)
		}
	}
}

func TestManagedPolicy(t *testing.T) {
	t.Parallel()
	c := Default()
	tests := []struct {
		arn  model.Value
		want string
	}{
		{model.Known("arn:aws:iam::aws:policy/AdministratorAccess", model.Location{}), "AdministratorAccess"},
		{model.Known("arn:aws-cn:iam::aws:policy/AdministratorAccess", model.Location{}), "AdministratorAccess"},
		{model.Known("arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaRole", model.Location{}), "service-role/AWSLambdaRole"},
		{model.Value{Text: "arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess", Unknown: true, Set: true}, "ReadOnlyAccess"},
		{model.Value{Text: "arn:aws:iam::aws:policy/${var.name}", Unknown: true, Set: true}, ""},
		{model.Known("arn:aws:iam::123456789012:policy/AdministratorAccess", model.Location{}), ""},
		{model.Known("arn:aws:iam::aws:policy/NoSuchPolicy", model.Location{}), ""},
		// Bare names, as SAM's Policies property gives them, with the path
		// the policy really has.
		{model.Known("AdministratorAccess", model.Location{}), "AdministratorAccess"},
		{model.Known("AWSLambdaBasicExecutionRole", model.Location{}), "service-role/AWSLambdaBasicExecutionRole"},
		{model.Known("ViewOnlyAccess", model.Location{}), "job-function/ViewOnlyAccess"},
		{model.Known("NoSuchPolicy", model.Location{}), ""},
		{model.Known("service-role/AWSLambdaBasicExecutionRole", model.Location{}), ""},
		{model.Known("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole", model.Location{}), ""},
		{model.Value{Text: "${Name}", Expr: "!Ref Name", Unknown: true, Set: true}, ""},
	}
	for _, tt := range tests {
		p := c.ManagedPolicy(tt.arn)
		got := ""
		if p != nil {
			got = p.Name
		}
		if got != tt.want {
			t.Errorf("ManagedPolicy(%q) = %q, want %q", tt.arn.Text, got, tt.want)
		}
	}
	admin := c.ManagedPolicy(model.Known("arn:aws:iam::aws:policy/AdministratorAccess", model.Location{}))
	if st := admin.Document.Statements; len(st) != 1 || !st[0].Action.Has("*") || !st[0].Allows() {
		t.Errorf("AdministratorAccess document = %+v", admin.Document)
	}
	if names := c.ManagedPolicyNames(); !slices.IsSorted(names) || len(names) < 1000 {
		t.Errorf("ManagedPolicyNames: %d names, sorted %v", len(names), slices.IsSorted(names))
	}
}

// TestManagedDocumentsDecode: the index places every embedded document
// (doc panics otherwise), and each one decodes as the policy it names.
func TestManagedDocumentsDecode(t *testing.T) {
	t.Parallel()
	set, err := parseManaged(managedIndex, managedDocuments)
	if err != nil {
		t.Fatal(err)
	}
	c := &Catalog{managed: func() (*managedSet, error) { return set, nil }}
	for _, name := range set.names {
		p := c.ManagedPolicy(model.Known("arn:aws:iam::aws:policy/"+name, model.Location{}))
		if p == nil || p.Name != name || len(p.Document.Statements) == 0 || len(p.Document.Problems) > 0 {
			t.Errorf("%s: decoded as %+v", name, p)
		}
	}
	if len(set.names) != DataProvenance().ManagedPolicies {
		t.Errorf("%d managed policies indexed, provenance says %d", len(set.names), DataProvenance().ManagedPolicies)
	}
}

// TestManagedErrors: an index that does not describe its documents is an
// error, with the line.
func TestManagedErrors(t *testing.T) {
	t.Parallel()
	const head = "iacscan-aws-managed-policies\t2\n"
	const doc = `{"Statement":[]}` + "\n"
	for _, tt := range []struct{ index, docs, want string }{
		{"iacscan-aws-managed-policies\t1\n", "", `not an iacscan managed-policy set (header "iacscan-aws-managed-policies\t1")`},
		{head + "A\tv1\t-\n", doc, "managed policies line 2: want 4 fields, have 3"},
		{head + "A\tv1\t-\tx\n", doc, `managed policies line 2: bad document length "x"`},
		{head + "A\tv1\t12\t16\n", doc, `managed policies line 2: bad twin hash "12"`},
		{head + "B\tv1\t-\t16\nA\tv1\t-\t16\n", doc + doc, `managed policies line 3: "A" is out of order`},
		{head + "A\tv1\t-\t15\n", doc, "managed policies: the index places 16 bytes of documents, there are 17"},
	} {
		_, err := parseManaged(tt.index, tt.docs)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %s", tt.index, err, tt.want)
		}
	}
}

// TestManagedMisplaced: lengths that add up but do not place the
// documents are caught when a document is read.
func TestManagedMisplaced(t *testing.T) {
	t.Parallel()
	const doc = `{"Statement":[]}` + "\n"
	set, err := parseManaged("iacscan-aws-managed-policies\t2\nA\tv1\t-\t15\nB\tv1\t-\t17\n", doc+doc)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "document 0 (A) does not end where the index says") {
			t.Errorf("misplaced document: recovered %v", r)
		}
	}()
	set.doc(0)
}

func TestProvenance(t *testing.T) {
	t.Parallel()
	p := DataProvenance()
	if p.Version == "" || len(p.Packages) != 2 || p.Actions != Default().NumActions() || p.ManagedPolicies != len(Default().ManagedPolicyNames()) {
		t.Errorf("provenance %+v does not describe the embedded data", p)
	}
	if v := DataVersion(); v == "" {
		t.Error("DataVersion is empty")
	}
}

func TestSlashlessPlaceholderMatch(t *testing.T) {
	t.Parallel()
	bucket := templatePattern("arn:${Partition}:s3:::${BucketName}")
	tests := []struct {
		s    string
		fold bool
		want bool
	}{
		{"arn:aws:s3:::reports", false, true},
		{"arn:aws:s3:::reports/2024", false, false},
		{"ARN:AWS:S3:::Reports", true, true},
		{"ARN:AWS:S3:::Reports", false, false},
		{"arn:aws:s3:::", false, true}, // like '*', it may match nothing
	}
	for _, tt := range tests {
		if got := bucket.match(tt.s, tt.fold); got != tt.want {
			t.Errorf("match(%q, fold %v) = %v, want %v", tt.s, tt.fold, got, tt.want)
		}
	}
}

func TestActionSetKey(t *testing.T) {
	t.Parallel()
	c := Default()
	small := c.Match("iam:PassRole")
	big := c.Match("iam:*")
	// The same actions built as a bitmap: every iam action, less all but
	// PassRole.
	same := c.Intersect(big, small)
	if small.Key() != same.Key() {
		t.Error("equal sets have different keys")
	}
	if small.Key() == big.Key() || (ActionSet{}).Key() != "" || c.Minus(small, small).Key() != "" {
		t.Error("keys do not tell sets apart")
	}
}

func TestActionMatches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "iam:CreateUser", true},
		{"iam:Create*", "iam:createuser", true},
		{"IAM:*USER", "iam:CreateUser", true},
		{"iam:?reateUser", "iam:CreateUser", true},
		{"iam:Create*Key", "iam:CreateAccessKey", true},
		{"iam:Create*", "iam:DeleteUser", false},
		{"iam:CreateUser", "iam:CreateUsers", false},
		{"s3:*Object*", "s3:GetObjectAcl", true},
		{"", "iam:CreateUser", false},
	}
	for _, tt := range tests {
		if got := ActionMatches(tt.pattern, tt.action); got != tt.want {
			t.Errorf("ActionMatches(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

// TestCatalogDecodes: every service of the embedded catalog decodes (a
// service is decoded on first use, where an error could only panic), and
// decoding on demand gives each action the index a whole decode in file
// order gives it, whichever service is asked for first.
func TestCatalogDecodes(t *testing.T) {
	t.Parallel()
	c, err := parseCatalog(catalogText, catalogIndex)
	if err != nil {
		t.Fatal(err)
	}
	// Out of order: the last service first, then every action through a set.
	last := c.services[len(c.services)-1]
	if got := c.Service(last.Prefix); got != last || len(got.Actions) == 0 {
		t.Fatalf("Service(%q) = %v with %d actions", last.Prefix, got, len(got.Actions))
	}
	for _, s := range c.services {
		if err := s.decodeErr(); err != nil {
			t.Fatal(err)
		}
	}
	i := 0
	for a := range c.Actions(c.All()) {
		if a == nil || a.index != i || c.Action(a.String()) != a {
			t.Fatalf("action %d is %v (index %d)", i, a, a.index)
		}
		i++
	}
	if i != c.NumActions() || i != DataProvenance().Actions {
		t.Errorf("%d actions yielded, catalog has %d, provenance says %d", i, c.NumActions(), DataProvenance().Actions)
	}
}

// TestCatalogErrors: a bad record is reported with its line, by the index
// when it is a header, global key or the index itself, and by the
// service's decode otherwise (a service the index misplaces included).
func TestCatalogErrors(t *testing.T) {
	t.Parallel()
	const head = "iacscan-iam-catalog\t1\nG\taws:SourceIp\tIPAddress\n" // 47 bytes
	const s3 = "S\ts3\tAmazon S3\n"
	index := func(lines ...string) string {
		return "iacscan-iam-catalog-index\t1\n" + strings.Join(lines, "\n") + "\n"
	}
	for _, tt := range []struct{ text, index, want string }{
		{"iacscan-iam-catalog\t2\n", index("s3\tAmazon S3\t22\t2\t0"), `not an iacscan catalog (header "iacscan-iam-catalog\t2")`},
		{head + s3, "x\n", `not an iacscan catalog index (header "x")`},
		{head + s3, index("s3\tAmazon S3\t47\t3"), "catalog index line 2: want 5 fields, have 4"},
		{head + s3, index("s3\tAmazon S3\tx\t3\t0"), `catalog index line 2: bad number "x"`},
		{head + s3, index("s3\tAmazon S3\t999\t3\t0"), "catalog index line 2: service s3 out of place (offset 999, line 3)"},
		{head + s3, index("a\tA\t47\t3\t0", "s3\tAmazon S3\t47\t3\t0"), "catalog index line 3: service s3 out of place (offset 47, line 3)"},
		{head + "A\tGetObject\tR\t\t\n" + s3, index("s3\tAmazon S3\t63\t4\t0"), `catalog line 3: "A" record before any service`},
		{head + "X\tx\n" + s3, index("s3\tAmazon S3\t51\t4\t0"), `catalog line 3: bad "X" record`},
		{head + "G\tx\n" + s3, index("s3\tAmazon S3\t51\t4\t0"), `catalog line 3: bad "G" record with 1 fields`},
		{head + s3, index("s3\tAmazon S3\t46\t3\t0"), `catalog line 3: "", where the index places service s3`},
		{head + s3 + "A\tGetObject\tR\t\t\n", index("s3\tAmazon S3\t47\t3\t2"), "service s3: 1 actions decoded, 2 indexed"},
		{head + s3 + "T\tobject\tarn:x\t\nA\tGetObject\tQ\tobject\t\n", index("s3\tAmazon S3\t47\t3\t1"), `catalog line 5: action GetObject: bad access level "Q"`},
		{head + s3 + "A\tGetObject\tR\tbucket\t\n", index("s3\tAmazon S3\t47\t3\t1"), `catalog line 4: action GetObject: unknown resource type "bucket"`},
		{head + s3 + "K\ts3:x\n", index("s3\tAmazon S3\t47\t3\t0"), `catalog line 4: bad "K" record with 1 fields`},
	} {
		c, err := parseCatalog(tt.text, tt.index)
		if err == nil {
			for _, s := range c.services {
				if err = s.decodeErr(); err != nil {
					break
				}
			}
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q with index %q: error %v, want %s", tt.text, tt.index, err, tt.want)
		}
	}
}

// TestCatalogIndex: the index places every service where catalog.tsv has
// its S record, with its number of actions (as the generator writes it,
// checked against the text here).
func TestCatalogIndex(t *testing.T) {
	t.Parallel()
	c, err := parseCatalog(catalogText, catalogIndex)
	if err != nil {
		t.Fatal(err)
	}
	services := 0
	for _, line := range strings.Split(catalogText, "\n") {
		if strings.HasPrefix(line, "S\t") {
			services++
		}
	}
	if len(c.services) != services || services != DataProvenance().Services {
		t.Errorf("%d services indexed, catalog.tsv has %d, provenance says %d", len(c.services), services, DataProvenance().Services)
	}
}

func TestFullAndLower(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ prefix, name, want string }{
		{"s3", "GetObject", "s3:GetObjectgetobject"},
		{"ec2", "describe", "ec2:describedescribe"},
		{"x", "ÀBc", "x:ÀBcàbc"},
	} {
		if got := fullAndLower(tt.prefix, tt.name); got != tt.want {
			t.Errorf("fullAndLower(%q, %q) = %q, want %q", tt.prefix, tt.name, got, tt.want)
		}
	}
}

// TestHoldsService agrees with the services of the set's actions, for
// small sets, bitmaps and sets whose bits end inside a service.
func TestHoldsService(t *testing.T) {
	t.Parallel()
	c := Default()
	s3 := c.Service("s3")
	last := s3.Actions[len(s3.Actions)-1]
	b := c.builder()
	b.add(last.index)
	sets := map[string]ActionSet{
		"empty":           {},
		"s3:GetObject":    c.Match("s3:GetObject"),
		"ec2:Describe*":   c.Match("ec2:Describe*"),
		"*:Get*":          c.Match("*:Get*"),
		"all":             c.All(),
		"s3's last":       b.set(),
		"not s3's last":   c.Minus(c.All(), b.set()),
		"iam and s3 list": c.Union(c.Match("iam:List*"), c.Match("s3:List*")),
	}
	for name, set := range sets {
		want := map[string]bool{}
		for a := range c.Actions(set) {
			want[a.Service.Prefix] = true
		}
		for _, svc := range c.Services() {
			if got := c.HoldsService(set, strings.ToUpper(svc.Prefix)); got != want[svc.Prefix] {
				t.Errorf("%s: HoldsService(%s) = %v, want %v", name, svc.Prefix, got, want[svc.Prefix])
			}
		}
	}
	if c.HoldsService(c.All(), "nosuchservice") {
		t.Error("HoldsService of an unknown prefix")
	}
}
