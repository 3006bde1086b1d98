package resource_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
)

// The helpers below serve the IAM, Lambda, DynamoDB, SQS, SNS and CloudFormation tests. Their
// names start with "def" so they do not collide with the other services' test helpers.

// defSeq makes names unique across the tests sharing one moto server.
var defSeq atomic.Int64

// defName returns a unique resource name with the prefix.
func defName(prefix string) string {
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano()%1_000_000_000, defSeq.Add(1))
}

// defType looks a resource type up in the registry.
func defType(t *testing.T, env *resourcetest.Env, name string) *resource.Def {
	t.Helper()
	d, ok := env.Registry().Lookup(name)
	if !ok {
		t.Fatalf("resource type %q is not defined", name)
	}
	return d
}

// defList lists d's whole collection with input through its Lister, pageSize items a page, and
// returns the rows and the number of pages.
func defList(t *testing.T, env *resourcetest.Env, d *resource.Def, input map[string]any, pageSize int) ([]resource.Row, int) {
	t.Helper()
	caller := env.Caller(d.Service)
	l := d.NewLister(caller, caller.Service(), input, pageSize)
	var rows []resource.Row
	pages := 0
	for more := true; more; {
		if pages > 200 {
			t.Fatalf("listing %s: still more pages after 200", d.Type)
		}
		items, m, err := l.Next(context.Background())
		if err != nil {
			t.Fatalf("listing %s: %v", d.Type, err)
		}
		if err := l.HydrateErr(); err != nil {
			t.Fatalf("listing %s: %v", d.Type, err)
		}
		pages++
		more = m
		for _, it := range items {
			rows = append(rows, resource.Row{Item: it, ListInput: l.Input()})
		}
	}
	return rows, pages
}

// defFind lists d's collection and returns the row whose identifier is id.
func defFind(t *testing.T, env *resourcetest.Env, d *resource.Def, input map[string]any, id string) resource.Row {
	t.Helper()
	rows, _ := defList(t, env, d, input, 0)
	var ids []string
	for _, r := range rows {
		if d.ID(r.Item) == id {
			return r
		}
		ids = append(ids, d.ID(r.Item))
	}
	t.Fatalf("%s %q not listed; listed: %v", d.Type, id, ids)
	return resource.Row{}
}

// defAbsent checks that d's collection no longer lists id.
func defAbsent(t *testing.T, env *resourcetest.Env, d *resource.Def, input map[string]any, id string) {
	t.Helper()
	rows, _ := defList(t, env, d, input, 0)
	for _, r := range rows {
		if d.ID(r.Item) == id {
			t.Fatalf("%s %q still listed", d.Type, id)
		}
	}
}

// defChild returns the rows of the child collection name below row, and the child type.
func defChild(t *testing.T, env *resourcetest.Env, parent *resource.Def, row resource.Row, name string) (*resource.Def, map[string]any) {
	t.Helper()
	for _, c := range parent.Children {
		if c.Name != name {
			continue
		}
		in, err := c.Input(parent, row)
		if err != nil {
			t.Fatalf("%s child %s: %v", parent.Type, name, err)
		}
		return defType(t, env, c.Type), in
	}
	t.Fatalf("%s has no child %q", parent.Type, name)
	return nil, nil
}

// defCells returns the row's cells by column title.
func defCells(d *resource.Def, item any) map[string]resource.Cell {
	cells := d.Cells(item, time.Now())
	out := make(map[string]resource.Cell, len(cells))
	for i, c := range d.Columns {
		out[c.Title] = cells[i]
	}
	return out
}

// defWantCells checks the text of some cells.
func defWantCells(t *testing.T, d *resource.Def, item any, want map[string]string) {
	t.Helper()
	got := defCells(d, item)
	for title, w := range want {
		c, ok := got[title]
		if !ok {
			t.Errorf("%s has no column %s", d.Type, title)
			continue
		}
		if c.Text != w {
			t.Errorf("%s column %s = %q, want %q", d.Type, title, c.Text, w)
		}
	}
}

// defDescribe loads the row and returns it as a map.
func defDescribe(t *testing.T, env *resourcetest.Env, d *resource.Def, row resource.Row) map[string]any {
	t.Helper()
	v, err := d.Describe(context.Background(), env.Caller(d.Service), row)
	if err != nil {
		t.Fatalf("describing %s %s: %v", d.Type, d.ID(row.Item), err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("describing %s %s: got %T, want an object", d.Type, d.ID(row.Item), v)
	}
	return m
}

// defAction returns the action called name.
func defAction(t *testing.T, d *resource.Def, name string) resource.Action {
	t.Helper()
	for _, a := range d.Actions {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("%s has no action %q", d.Type, name)
	return resource.Action{}
}

// defRun runs the action on one row, with prompted members filled from prompt (each must be one
// the action prompts for), and returns its output.
func defRun(t *testing.T, env *resourcetest.Env, d *resource.Def, name string, row resource.Row, prompt map[string]any) map[string]any {
	t.Helper()
	a := defAction(t, d, name)
	ins, err := a.Inputs(d, []resource.Row{row})
	if err != nil {
		t.Fatalf("%s %s: %v", d.Type, name, err)
	}
	if len(ins) != 1 {
		t.Fatalf("%s %s on one row: %d inputs", d.Type, name, len(ins))
	}
	for k, v := range prompt {
		if !slices.Contains(a.Prompt, k) {
			t.Fatalf("%s %s does not prompt for %s (prompts %v)", d.Type, name, k, a.Prompt)
		}
		ins[0][k] = v
	}
	out, err := env.Caller(d.Service).Call(context.Background(), a.Operation, ins[0])
	if err != nil {
		t.Fatalf("%s %s %s: %v", d.Type, name, a.Operation, err)
	}
	return out
}

// defWait runs a waiter with the given input, polling every 50 ms, and fails unless it succeeds.
func defWait(t *testing.T, env *resourcetest.Env, d *resource.Def, name string, input map[string]any) waiter.Result {
	t.Helper()
	caller := env.Caller(d.Service)
	w, _, ok := caller.Service().Waiter(name)
	if !ok {
		t.Fatalf("%s: no waiter %s", d.Service, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := waiter.Run(ctx, caller, w, input, waiter.Options{Name: name, Delay: 50 * time.Millisecond, MaxAttempts: 100})
	if err != nil {
		t.Fatalf("%s waiter %s on %v: %v", d.Type, name, input, err)
	}
	return res
}

// defWaitRef runs the type's own waiter ref on a row.
func defWaitRef(t *testing.T, env *resourcetest.Env, d *resource.Def, name string, row resource.Row) waiter.Result {
	t.Helper()
	for _, w := range d.Waiters {
		if w.Waiter == name {
			in, err := w.InputFor(d, row)
			if err != nil {
				t.Fatalf("%s waiter %s: %v", d.Type, name, err)
			}
			return defWait(t, env, d, name, in)
		}
	}
	t.Fatalf("%s lists no waiter %s", d.Type, name)
	return waiter.Result{}
}

// defActionWait runs the waiter an action starts, on one row.
func defActionWait(t *testing.T, env *resourcetest.Env, d *resource.Def, name string, row resource.Row) waiter.Result {
	t.Helper()
	a := defAction(t, d, name)
	if a.Waiter == "" {
		t.Fatalf("%s %s starts no waiter", d.Type, name)
	}
	ins, err := a.WaiterInputs(d, []resource.Row{row})
	if err != nil || len(ins) != 1 {
		t.Fatalf("%s %s waiter inputs: %v %v", d.Type, name, ins, err)
	}
	return defWait(t, env, d, a.Waiter, ins[0])
}

// defConfirm checks an action's confirmation level.
func defConfirm(t *testing.T, d *resource.Def, name, want string) {
	t.Helper()
	if got := defAction(t, d, name).ConfirmLevel(d.Service); got != want {
		t.Errorf("%s %s confirmation = %q, want %q", d.Type, name, got, want)
	}
}

// defStr reads a string member out of a decoded document.
func defStr(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

const iamTrustPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func iamPolicyDocument(action string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"*"}]}`
}

// iamInlinePolicy checks the inline policy called name below a principal's row: listed by name,
// described with its document (allowing action), then deleted.
func iamInlinePolicy(t *testing.T, env *resourcetest.Env, principals *resource.Def, row resource.Row, name, action string) {
	t.Helper()
	inline, in := defChild(t, env, principals, row, "inline policies")
	prow := defFind(t, env, inline, in, name)
	defWantCells(t, inline, prow.Item, map[string]string{"NAME": name})
	got := defDescribe(t, env, inline, prow)
	if doc, err := json.Marshal(got["PolicyDocument"]); err != nil || defStr(got, "PolicyName") != name || !strings.Contains(string(doc), action) {
		t.Errorf("%s describe = %v", inline.Type, got)
	}
	defConfirm(t, inline, "delete", resource.ConfirmTyped)
	defRun(t, env, inline, "delete", prow, nil)
	defAbsent(t, env, inline, in, name)
}

func TestIAMUser(t *testing.T) {
	env := resourcetest.New(t)
	users := defType(t, env, "users")
	user := defName("user")
	env.Seed("iam", "CreateUser", map[string]any{"UserName": user, "Path": "/team/"})
	policyARN := defStr(env.Seed("iam", "CreatePolicy", map[string]any{
		"PolicyName": defName("pol"), "PolicyDocument": iamPolicyDocument("s3:GetObject"),
	})["Policy"].(map[string]any), "Arn")
	env.Seed("iam", "AttachUserPolicy", map[string]any{"UserName": user, "PolicyArn": policyARN})
	group := defName("grp")
	env.Seed("iam", "CreateGroup", map[string]any{"GroupName": group})
	env.Seed("iam", "AddUserToGroup", map[string]any{"GroupName": group, "UserName": user})
	keyID := defStr(env.Seed("iam", "CreateAccessKey", map[string]any{"UserName": user})["AccessKey"].(map[string]any), "AccessKeyId")
	env.Seed("iam", "PutUserPolicy", map[string]any{"UserName": user, "PolicyName": "inline-user", "PolicyDocument": iamPolicyDocument("sns:Publish")})

	row := defFind(t, env, users, users.ListInput(nil), user)
	defWantCells(t, users, row.Item, map[string]string{"NAME": user, "PATH": "/team/"})
	if c := defCells(users, row.Item)["CREATED"]; c.Sort == 0 || !strings.Contains(c.Text, "ago") && c.Text != "just now" {
		t.Errorf("CREATED cell = %+v, want a time ago", c)
	}
	if got := users.ARNOf(row.Item); got != "arn:aws:iam::123456789012:user/team/"+user {
		t.Errorf("ARN = %q", got)
	}
	if got := defDescribe(t, env, users, row); defStr(got, "UserName") != user {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, users, "UserExists", row)

	// The default child is the attached policies; detaching one removes it from the list.
	if users.Default != "attached policies" {
		t.Errorf("default child = %q", users.Default)
	}
	attached, in := defChild(t, env, users, row, "attached policies")
	prow := defFind(t, env, attached, in, policyARN)
	if got := defDescribe(t, env, attached, prow); defStr(got, "Arn") != policyARN {
		t.Errorf("attached policy describe = %v", got)
	}
	defRun(t, env, attached, "detach", prow, nil)
	defAbsent(t, env, attached, in, policyARN)

	iamInlinePolicy(t, env, users, row, "inline-user", "sns:Publish")

	groups, in := defChild(t, env, users, row, "groups")
	grow := defFind(t, env, groups, in, group)
	defRun(t, env, groups, "remove user", grow, nil)
	defAbsent(t, env, groups, in, group)

	keys, in := defChild(t, env, users, row, "access keys")
	krow := defFind(t, env, keys, in, keyID)
	if c := defCells(keys, krow.Item)["STATUS"]; c.Text != "Active" || c.State != resource.StateOK {
		t.Errorf("access key STATUS = %+v, want Active/ok", c)
	}
	defRun(t, env, keys, "deactivate", krow, nil)
	krow = defFind(t, env, keys, in, keyID)
	if c := defCells(keys, krow.Item)["STATUS"]; c.Text != "Inactive" {
		t.Errorf("after deactivate STATUS = %+v", c)
	}
	defRun(t, env, keys, "delete", krow, nil)
	defAbsent(t, env, keys, in, keyID)

	defConfirm(t, users, "delete", resource.ConfirmTyped)
	defRun(t, env, users, "delete", row, nil)
	defAbsent(t, env, users, users.ListInput(nil), user)
}

func TestIAMRole(t *testing.T) {
	env := resourcetest.New(t)
	roles := defType(t, env, "roles")
	role := defName("role")
	env.Seed("iam", "CreateRole", map[string]any{"RoleName": role, "AssumeRolePolicyDocument": iamTrustPolicy, "Description": "runs things"})
	policyARN := defStr(env.Seed("iam", "CreatePolicy", map[string]any{
		"PolicyName": defName("pol"), "PolicyDocument": iamPolicyDocument("sqs:*"),
	})["Policy"].(map[string]any), "Arn")
	env.Seed("iam", "AttachRolePolicy", map[string]any{"RoleName": role, "PolicyArn": policyARN})
	env.Seed("iam", "PutRolePolicy", map[string]any{"RoleName": role, "PolicyName": "inline-role", "PolicyDocument": iamPolicyDocument("logs:PutLogEvents")})

	row := defFind(t, env, roles, roles.ListInput(nil), role)
	defWantCells(t, roles, row.Item, map[string]string{"NAME": role, "PATH": "/", "DESCRIPTION": "runs things"})
	if got := defDescribe(t, env, roles, row); defStr(got, "RoleName") != role || defStr(got, "Arn") != roles.ARNOf(row.Item) {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, roles, "RoleExists", row)

	attached, in := defChild(t, env, roles, row, "attached policies")
	prow := defFind(t, env, attached, in, policyARN)
	if got := attached.DisplayName(prow.Item); !strings.HasPrefix(got, "pol-") {
		t.Errorf("attached policy name = %q", got)
	}
	// An attached policy leads on to the policy's versions.
	versions, vin := defChild(t, env, attached, prow, "versions")
	defFind(t, env, versions, vin, "v1")
	defRun(t, env, attached, "detach", prow, nil)
	defAbsent(t, env, attached, in, policyARN)
	iamInlinePolicy(t, env, roles, row, "inline-role", "logs:PutLogEvents")
}

func TestIAMGroup(t *testing.T) {
	env := resourcetest.New(t)
	groups := defType(t, env, "iam-groups")
	group := defName("grp")
	env.Seed("iam", "CreateGroup", map[string]any{"GroupName": group, "Path": "/ops/"})
	user := defName("user")
	env.Seed("iam", "CreateUser", map[string]any{"UserName": user})
	env.Seed("iam", "AddUserToGroup", map[string]any{"GroupName": group, "UserName": user})
	// moto does not load AWS-managed policies unless configured to: attach one of our own.
	policyName := defName("pol")
	policyARN := defStr(env.Seed("iam", "CreatePolicy", map[string]any{
		"PolicyName": policyName, "PolicyDocument": iamPolicyDocument("ec2:Describe*"),
	})["Policy"].(map[string]any), "Arn")
	env.Seed("iam", "AttachGroupPolicy", map[string]any{"GroupName": group, "PolicyArn": policyARN})
	env.Seed("iam", "PutGroupPolicy", map[string]any{"GroupName": group, "PolicyName": "inline-group", "PolicyDocument": iamPolicyDocument("kms:Decrypt")})

	row := defFind(t, env, groups, groups.ListInput(nil), group)
	defWantCells(t, groups, row.Item, map[string]string{"NAME": group, "PATH": "/ops/"})
	got := defDescribe(t, env, groups, row)
	if g, _ := got["Group"].(map[string]any); defStr(g, "GroupName") != group {
		t.Errorf("describe = %v", got)
	}

	attached, ain := defChild(t, env, groups, row, "attached policies")
	prow := defFind(t, env, attached, ain, policyARN)
	defWantCells(t, attached, prow.Item, map[string]string{"NAME": policyName, "ARN": policyARN})

	members, in := defChild(t, env, groups, row, "users")
	urow := defFind(t, env, members, in, user)
	defRun(t, env, members, "remove from group", urow, nil)
	defAbsent(t, env, members, in, user)

	defRun(t, env, attached, "detach", prow, nil)
	defAbsent(t, env, attached, ain, policyARN)
	iamInlinePolicy(t, env, groups, row, "inline-group", "kms:Decrypt")
}

func TestIAMPolicy(t *testing.T) {
	env := resourcetest.New(t)
	policies := defType(t, env, "policies")
	name := defName("pol")
	arn := defStr(env.Seed("iam", "CreatePolicy", map[string]any{
		"PolicyName": name, "PolicyDocument": iamPolicyDocument("s3:ListBucket"),
	})["Policy"].(map[string]any), "Arn")
	env.Seed("iam", "CreatePolicyVersion", map[string]any{
		"PolicyArn": arn, "PolicyDocument": iamPolicyDocument("s3:*"), "SetAsDefault": true,
	})

	// Only customer-managed policies are listed: none of AWS's own, which have a type of their
	// own (moto holds none of those unless configured to load them, so that list only proves
	// it leaves ours out).
	rows, _ := defList(t, env, policies, policies.ListInput(nil), 0)
	for _, r := range rows {
		if strings.HasPrefix(policies.ID(r.Item), "arn:aws:iam::aws:") {
			t.Fatalf("AWS-managed policy listed: %s", policies.ID(r.Item))
		}
	}
	awsPolicies := defType(t, env, "aws-policies")
	rows, _ = defList(t, env, awsPolicies, awsPolicies.ListInput(nil), 0)
	for _, r := range rows {
		if !strings.HasPrefix(awsPolicies.ID(r.Item), "arn:aws:iam::aws:") {
			t.Fatalf("customer-managed policy listed among AWS's: %s", awsPolicies.ID(r.Item))
		}
	}
	row := defFind(t, env, policies, policies.ListInput(nil), arn)
	defWantCells(t, policies, row.Item, map[string]string{"NAME": name, "VERSION": "v2", "ATTACHMENTS": "0"})
	if policies.DisplayName(row.Item) != name {
		t.Errorf("display name = %q", policies.DisplayName(row.Item))
	}
	if got := defDescribe(t, env, policies, row); defStr(got, "PolicyName") != name {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, policies, "PolicyExists", row)

	versions, in := defChild(t, env, policies, row, "versions")
	v1 := defFind(t, env, versions, in, "v1")
	defWantCells(t, versions, v1.Item, map[string]string{"VERSION": "v1"})
	// Like boto3, the engine may hand the URL-encoded policy document back parsed.
	if doc, err := json.Marshal(defDescribe(t, env, versions, v1)["Document"]); err != nil || !strings.Contains(string(doc), "ListBucket") {
		t.Errorf("v1 document = %s (%v)", doc, err)
	}
	defRun(t, env, versions, "make default", v1, nil)
	row = defFind(t, env, policies, policies.ListInput(nil), arn)
	defWantCells(t, policies, row.Item, map[string]string{"VERSION": "v1"})
	v2 := defFind(t, env, versions, in, "v2")
	defRun(t, env, versions, "delete", v2, nil)
	defAbsent(t, env, versions, in, "v2")

	defConfirm(t, policies, "delete", resource.ConfirmTyped)
	defRun(t, env, policies, "delete", row, nil)
	defAbsent(t, env, policies, policies.ListInput(nil), arn)
}
