package model

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func mustLoad(t testing.TB, name string) *Service {
	t.Helper()
	svc, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func TestOperationAcceptsCLISpellings(t *testing.T) {
	ec2 := mustLoad(t, "ec2")
	for _, in := range []string{"DescribeInstances", "describe-instances", "describe_instances", "DESCRIBEINSTANCES"} {
		op, ok := ec2.Operation(in)
		if !ok || op.Name != "DescribeInstances" {
			t.Errorf("Operation(%q) = %v, %v", in, op, ok)
		}
	}
	s3 := mustLoad(t, "s3api")
	if op, ok := s3.Operation("list-objects-v2"); !ok || op.Name != "ListObjectsV2" {
		t.Errorf("list-objects-v2 = %v, %v", op, ok)
	}
	if _, ok := s3.Operation("describe-instances"); ok {
		t.Error("s3 found describe-instances")
	}
}

func TestCLINameMatchesBotocore(t *testing.T) {
	cases := map[string]string{
		"DescribeInstances":       "describe-instances",
		"ListObjectsV2":           "list-objects-v2",
		"GetBucketAcl":            "get-bucket-acl",
		"ListWebACLs":             "list-web-acls",
		"CreateDBInstance":        "create-db-instance",
		"ExecutePartiQLStatement": "execute-partiql-statement", // from botocore's exception table
		"CreateCachediSCSIVolume": "create-cached-iscsi-volume",
		"already-dashed":          "already-dashed",
	}
	for in, want := range cases {
		if got := CLIName(in); got != want {
			t.Errorf("CLIName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEveryCLINameFindsItsOperation checks that the two spellings of every operation of some
// large services resolve to it and to nothing else.
func TestEveryCLINameFindsItsOperation(t *testing.T) {
	for _, name := range []string{"ec2", "s3", "iam", "dynamodb", "rds", "storagegateway", "cloudfront"} {
		svc := mustLoad(t, name)
		for _, opName := range svc.OperationNames() {
			got, ok := svc.OperationName(CLIName(opName))
			if !ok || got != opName {
				t.Errorf("%s: %s → %s → %q", name, opName, CLIName(opName), got)
			}
		}
	}
	cf := mustLoad(t, "cloudfront")
	if p, ok := cf.Paginator("list-distributions"); !ok || p.ResultKey[0] != "DistributionList.Items" {
		t.Errorf("cloudfront list-distributions paginator = %+v, %v", p, ok)
	}
}

func TestInputShapeAndForms(t *testing.T) {
	ddb := mustLoad(t, "dynamodb")
	in, err := ddb.InputShape("put-item")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(in.Required, []string{"TableName", "Item"}) {
		t.Errorf("PutItem required = %v", in.Required)
	}
	form := in.FormMembers()
	if len(form) != len(in.Members) || !slices.Equal(form[:2], []string{"TableName", "Item"}) {
		t.Errorf("PutItem form members = %v", form)
	}
	if enum := ddb.Enum(in.Members["ReturnValues"]); !slices.Contains(enum, "ALL_OLD") {
		t.Errorf("ReturnValues enum = %v", enum)
	}
	if ddb.Enum(in.Members["TableName"]) != nil {
		t.Error("TableName has an enum")
	}
	sts := mustLoad(t, "sts")
	empty, err := sts.InputShape("GetCallerIdentity")
	if err != nil || empty.Type != "structure" {
		t.Errorf("GetCallerIdentity input = %+v, %v", empty, err)
	}
	if _, err := sts.InputShape("NoSuchThing"); err == nil {
		t.Error("InputShape of an unknown operation succeeded")
	}
	// A required member listed after optional ones moves up; the rest keep the model's order.
	sh := &Shape{Members: map[string]*ShapeRef{"A": {}, "B": {}, "C": {}}, MemberOrder: []string{"A", "B", "C"}, Required: []string{"C"}}
	if got := sh.FormMembers(); !slices.Equal(got, []string{"C", "A", "B"}) {
		t.Errorf("FormMembers = %v", got)
	}
}

func TestPaginatorsAndWaiters(t *testing.T) {
	s3 := mustLoad(t, "s3")
	p, ok := s3.Paginator("list-object-versions")
	if !ok || len(p.InputToken) != 2 || len(p.ResultKey) < 2 {
		t.Errorf("ListObjectVersions paginator = %+v, %v (want several tokens and result keys)", p, ok)
	}
	ec2 := mustLoad(t, "ec2")
	w, name, ok := ec2.Waiter("instance-running")
	if !ok || name != "InstanceRunning" || w.Operation != "DescribeInstances" || w.MaxAttempts == 0 {
		t.Errorf("instance-running = %+v %s %v", w, name, ok)
	}
}

func TestInputSkeleton(t *testing.T) {
	ddb := mustLoad(t, "dynamodb")
	got, err := ddb.InputSkeleton("put-item", true)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(got, &doc); err != nil {
		t.Fatalf("skeleton is not JSON: %v\n%s", err, got)
	}
	if len(doc) != 2 || !strings.HasPrefix(string(got), "{\n  \"TableName\": \"\",\n  \"Item\": {") {
		t.Errorf("required-only PutItem skeleton: want TableName then Item only:\n%s", got)
	}

	full, err := ddb.InputSkeleton("CreateTable", false)
	if err != nil {
		t.Fatal(err)
	}
	doc = nil
	if err := json.Unmarshal(full, &doc); err != nil {
		t.Fatalf("skeleton is not JSON: %v\n%s", err, full)
	}
	keys, _ := doc["KeySchema"].([]any)
	if len(keys) != 1 {
		t.Fatalf("KeySchema = %v, want one element", doc["KeySchema"])
	}
	if kt := keys[0].(map[string]any)["KeyType"]; kt != "HASH" {
		t.Errorf("KeyType placeholder = %v, want the enum's first value HASH", kt)
	}

	put, err := ddb.InputSkeleton("PutItem", false)
	if err != nil {
		t.Fatal(err)
	}
	// AttributeValue is recursive (M and L hold AttributeValues): the skeleton must end.
	doc = nil
	if err := json.Unmarshal(put, &doc); err != nil {
		t.Fatalf("full skeleton is not JSON: %v", err)
	}
	item := doc["Item"].(map[string]any)["KeyName"].(map[string]any)
	if _, ok := item["S"]; !ok || len(item) < 10 {
		t.Errorf("Item value = %v, want every AttributeValue member", item)
	}
	if m := item["M"].(map[string]any)["KeyName"]; !reflect.DeepEqual(m, map[string]any{}) {
		t.Errorf("recursive M = %v, want {}", m)
	}
	sts := mustLoad(t, "sts")
	if got, err := sts.InputSkeleton("GetCallerIdentity", false); err != nil || string(got) != "{}\n" {
		t.Errorf("GetCallerIdentity skeleton = %q, %v", got, err)
	}
}
