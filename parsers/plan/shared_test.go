package plan_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iacscan/iacscan/model"
	"github.com/iacscan/iacscan/parsers/plan"
)

// sharedPlans holds real plans beside the .tf they came from (Terraform
// 1.11, AWS provider); not part of the repository.
const sharedPlans = "../../../shared/plans"

func readShared(t *testing.T, folder string) *model.Inventory {
	t.Helper()
	file := filepath.Join(sharedPlans, folder, "plan.json")
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		t.Skipf("%s is not here", sharedPlans)
	}
	if err != nil {
		t.Fatal(err)
	}
	inv, errs := plan.Parse(file, data, plan.Options{})
	for _, err := range errs {
		t.Errorf("%s: %v", folder, err)
	}
	return inv
}

// element finds an inventory element by ID and Path and describes it:
// kind, where it is (file relative to the folder, line and column) and its
// main value.
func element(inv *model.Inventory, dir, id, path string) string {
	rel := func(loc model.Location) string {
		r, _ := filepath.Rel(dir, loc.File)
		return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(r), loc.StartLine, loc.StartColumn)
	}
	for _, x := range inv.Identities {
		if x.ID == id && path == "" {
			return fmt.Sprintf("%s %s name=%s boundary=%s", x.Kind, rel(x.Loc), x.Name, x.Boundary)
		}
	}
	for _, x := range inv.Policies {
		if x.ID == id && x.Path == path {
			doc := fmt.Sprintf("statements=%d", len(x.Document.Statements))
			if x.Document.Unknown {
				doc = "unknown " + x.Document.Expr
			}
			return fmt.Sprintf("%s policy %s %s owners=%v", x.Kind, rel(x.Loc), doc, x.Owners)
		}
	}
	for _, x := range inv.Attachments {
		if x.ID == id && x.Path == path {
			return fmt.Sprintf("attachment %s policy=%s identity=%s", rel(x.Loc), x.Policy, x.Identity)
		}
	}
	for _, x := range inv.Memberships {
		if x.ID == id && x.Path == path {
			return fmt.Sprintf("membership %s user=%s group=%s", rel(x.Loc), x.User, x.Group)
		}
	}
	return "missing"
}

func TestSharedPlansMapToSource(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(sharedPlans); err != nil {
		t.Skipf("%s is not here (TestFixturePlansMapToSource checks the repository's own plans)", sharedPlans)
	}
	tests := []struct {
		folder, id, path string
		want             string
	}{
		{"computed", "aws_iam_role.reporter", "", "role main.tf:6:1 name=reporter boundary="},
		{"computed", "aws_iam_role.reporter", "assume_role_policy",
			"trust policy main.tf:8:3 statements=1 owners=[aws_iam_role.reporter]"},
		{"identity", "aws_iam_user.ci", "", "user main.tf:18:1 name=ci-deployer boundary="},
		{"identity", "aws_iam_policy.developers", "", "managed policy main.tf:75:1 statements=2 owners=[]"},
		{"identity", "aws_iam_group_policy_attachment.developers", "",
			"attachment main.tf:80:1 policy=aws_iam_policy.developers identity=developers"},
		{"identity", "aws_iam_user_group_membership.alice", "groups[0]", "membership main.tf:22:1 user=alice group=developers"},
		{"modules", `module.service["worker"].aws_iam_role.this`, "", "role modules/service/main.tf:8:1 name=svc-worker boundary="},
		{"modules", `module.service["api"].aws_iam_role_policy.artifacts`, "",
			`inline policy modules/service/main.tf:20:1 statements=1 owners=[module.service["api"].aws_iam_role.this]`},
		{"modules", `module.service["worker"].aws_iam_role_policy_attachment.admin[0]`, "",
			"attachment modules/service/main.tf:33:1 policy=arn:aws:iam::aws:policy/AdministratorAccess identity=svc-worker"},
		{"modules", `module.service["api"].aws_iam_role_policy_attachment.admin[0]`, "", "missing"}, // count = 0
		{"modules", "aws_iam_policy.layered", "", "managed policy main.tf:52:1 statements=4 owners=[]"},
		{"privesc", "aws_iam_role.bounded", "", "role main.tf:71:1 name=bounded-builder boundary=aws_iam_policy.boundary"},
		{"trust", "aws_iam_role.lambda", "", "role main.tf:12:1 name=app-lambda boundary=arn:aws:iam::111122223333:policy/app-boundary"},
		{"trust", "aws_iam_role.lambda", "managed_policy_arns[0]",
			"attachment main.tf:23:3 policy=arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole identity=aws_iam_role.lambda"},
		{"trust", "aws_iam_role.ops", "inline_policy[0]", "inline policy main.tf:161:3 statements=1 owners=[aws_iam_role.ops]"},
		{"trust", "aws_iam_role.ops", "assume_role_policy", "trust policy main.tf:153:3 statements=1 owners=[aws_iam_role.ops]"},
	}
	invs := map[string]*model.Inventory{}
	for _, tt := range tests {
		t.Run(tt.folder+"/"+tt.id+"/"+tt.path, func(t *testing.T) {
			inv, ok := invs[tt.folder]
			if !ok {
				inv = readShared(t, tt.folder)
				invs[tt.folder] = inv
			}
			if got := element(inv, filepath.Join(sharedPlans, tt.folder), tt.id, tt.path); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Every element of every shared plan points into a .tf file.
func TestSharedPlansAllMapped(t *testing.T) {
	t.Parallel()
	folders, _ := filepath.Glob(filepath.Join(sharedPlans, "*", "plan.json"))
	if len(folders) == 0 {
		t.Skipf("%s is not here", sharedPlans)
	}
	for _, f := range folders {
		folder := filepath.Base(filepath.Dir(f))
		inv := readShared(t, folder)
		var metas []model.Meta
		for _, x := range inv.Identities {
			metas = append(metas, x.Meta)
		}
		for _, x := range inv.Policies {
			metas = append(metas, x.Meta)
		}
		for _, x := range inv.Attachments {
			metas = append(metas, x.Meta)
		}
		var unmapped []string
		for _, m := range metas {
			if !strings.HasSuffix(m.Loc.File, ".tf") || m.Loc.StartLine == 0 {
				unmapped = append(unmapped, m.ID+" at "+m.Loc.String())
			}
		}
		if diff := cmp.Diff([]string(nil), unmapped); diff != "" {
			t.Errorf("%s: elements not mapped to .tf:\n%s", folder, diff)
		}
	}
}
