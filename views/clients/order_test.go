package clients_test

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/cli"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// keysIn lists the names of want as they appear, top to bottom, in text (each name followed by
// ":" or `":`, as in the tree, YAML and JSON views).
func keysIn(text string, want []string) []string {
	var got []string
	for _, line := range strings.Split(text, "\n") {
		for _, k := range want {
			if regexp.MustCompile(`(^|[\s"])` + k + `"?:`).MatchString(line) {
				got = append(got, k)
			}
		}
	}
	return got
}

// The result page lists a structure's members as `nimbus call` (and the AWS CLI) prints them,
// in the model's order, not by name: STS GetCallerIdentity is UserId, Account, Arn.
func TestResultShowsMembersInTheCLIOrder(t *testing.T) {
	srv := motoserver.StartShared(t)
	names := []string{"UserId", "Account", "Arn"}

	svc, err := model.Default().Load("sts")
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	inv := invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
	if code := cli.Call(context.Background(), inv, "GetCallerIdentity", map[string]any{}, cli.CallOptions{}, &out, &errb); code != 0 {
		t.Fatalf("nimbus call: %d %s", code, errb.String())
	}
	want := keysIn(out.String(), names)
	if !slices.Equal(want, names) {
		t.Fatalf("nimbus call prints %q, want %q:\n%s", want, names, out.String())
	}

	d := newApp(t, srv, false)
	openOperation(t, d, "sts", "GetCallerIdentity")
	d.Key("ctrl+s")
	d.WaitForText(wait, "GetCallerIdentity result", "HTTP 200", "Arn")
	for _, view := range []string{"tree", "JSON", "YAML"} {
		if json := strings.Contains(d.Screen(), `"UserId":`); json != (view == "JSON") {
			t.Fatalf("expected the %s view:\n%s", view, d.Screen())
		}
		if got := keysIn(d.Screen(), names); !slices.Equal(got, want) {
			t.Fatalf("the %s view lists %q, nimbus call %q:\n%s", view, got, want, d.Screen())
		}
		d.Key("t")
	}
}

// A JSON document keeps the server's order: an IAM policy's statement is Sid, Effect, Action,
// Resource as written, not by name, and `nimbus call` prints it so.
func TestResultShowsMapsInTheServerOrder(t *testing.T) {
	srv := motoserver.StartShared(t)
	doc := `{"Version":"2012-10-17","Statement":[{"Sid":"s","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	created := call(t, srv, "iam", "CreatePolicy", map[string]any{"PolicyName": "order" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", ""), "PolicyDocument": doc})
	arn, _ := created["Policy"].(map[string]any)["Arn"].(string)
	names := []string{"Sid", "Effect", "Action", "Resource"}
	svc, err := model.Default().Load("iam")
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	inv := invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{})
	input := map[string]any{"PolicyArn": arn, "VersionId": "v1"}
	if code := cli.Call(context.Background(), inv, "GetPolicyVersion", input, cli.CallOptions{}, &out, &errb); code != 0 {
		t.Fatalf("nimbus call: %d %s", code, errb.String())
	}
	want := keysIn(out.String(), names)
	if !slices.Equal(want, names) {
		t.Fatalf("nimbus call prints %q, want %q:\n%s", want, names, out.String())
	}

	d := newApp(t, srv, false)
	openOperation(t, d, "iam", "GetPolicyVersion")
	d.Type(arn) // PolicyArn, then VersionId: required fields first, in model order
	d.Key("tab")
	d.Type("v1")
	d.Key("ctrl+s")
	d.WaitForText(wait, "GetPolicyVersion result", "HTTP 200")
	d.Key("t") // the JSON view shows every level
	d.WaitForText(wait, `"Resource": "*"`)
	if got := keysIn(d.Screen(), names); !slices.Equal(got, want) {
		t.Fatalf("the JSON view lists %q, nimbus call %q:\n%s", got, want, d.Screen())
	}
}
