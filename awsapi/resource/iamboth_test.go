package resource_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// iamUserCase: a user with a customer managed policy attached — listed with its path,
// described, waited on, its attached policies a child whose detach action takes the policy
// off — then deleted; the policy among the account's policies, described with its document.
func iamUserCase(t *testing.T, env *resourcetest.Env) {
	users := defType(t, env, "users")
	user := defName("both")
	readOnly := defStr(env.Seed("iam", "CreatePolicy", map[string]any{
		"PolicyName": defName("both-pol"), "PolicyDocument": iamPolicyDocument("s3:GetObject"), "Description": "read objects",
	})["Policy"].(map[string]any), "Arn")
	t.Cleanup(func() {
		env.Caller("iam").Call(context.Background(), "DeletePolicy", map[string]any{"PolicyArn": readOnly})
	})
	env.Seed("iam", "CreateUser", map[string]any{"UserName": user, "Path": "/team/"})
	env.Seed("iam", "AttachUserPolicy", map[string]any{"UserName": user, "PolicyArn": readOnly})

	row := defFind(t, env, users, users.ListInput(nil), user)
	defWantCells(t, users, row.Item, map[string]string{"NAME": user, "PATH": "/team/"})
	if got := users.ARNOf(row.Item); !strings.HasPrefix(got, "arn:aws:iam::") || !strings.HasSuffix(got, ":user/team/"+user) {
		t.Errorf("ARN = %q", got)
	}
	if got := defDescribe(t, env, users, row); defStr(got, "UserName") != user {
		t.Errorf("describe = %v", got)
	}
	defWaitRef(t, env, users, "UserExists", row)

	attached, in := defChild(t, env, users, row, "attached policies")
	prow := defFind(t, env, attached, in, readOnly)
	if got := defDescribe(t, env, attached, prow); defStr(got, "Arn") != readOnly {
		t.Errorf("attached policy describe = %v", got)
	}
	defRun(t, env, attached, "detach", prow, nil)
	defAbsent(t, env, attached, in, readOnly)

	policies := defType(t, env, "policies")
	pin := policies.ListInput(nil)
	polRow := defFind(t, env, policies, pin, readOnly)
	if got := defDescribe(t, env, policies, polRow); defStr(got, "Arn") != readOnly || defStr(got, "Description") != "read objects" {
		t.Errorf("policy describe = %v", got)
	}

	defConfirm(t, users, "delete", resource.ConfirmTyped)
	defRun(t, env, users, "delete", row, nil)
	defAbsent(t, env, users, users.ListInput(nil), user)
}
