package invoke

import (
	"bytes"
	"testing"
)

// More services on moto, one protocol feature each: query maps (SNS), nested query lists
// (CloudFormation, RDS), JSON blobs (KMS), JSON timestamps (Logs, SSM).

func TestMotoSNSQueryMap(t *testing.T) {
	inv, _ := motoInvoker(t, "sns", Options{})
	topic := call(t, inv, "CreateTopic", map[string]any{"Name": uniqueName("topic"),
		"Attributes": map[string]any{"DisplayName": "Nimbus"}, "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}})
	arn, _ := topic["TopicArn"].(string)
	attrs := call(t, inv, "GetTopicAttributes", map[string]any{"TopicArn": arn})
	m, _ := attrs["Attributes"].(map[string]any)
	if m["DisplayName"] != "Nimbus" || m["TopicArn"] != arn {
		t.Fatalf("GetTopicAttributes: %v", attrs)
	}
}

func TestMotoCloudFormationAndRDSQueryLists(t *testing.T) {
	cf, _ := motoInvoker(t, "cloudformation", Options{})
	name := uniqueName("stack")
	call(t, cf, "CreateStack", map[string]any{"StackName": name,
		"TemplateBody": `{"Resources":{"Q":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"` + name + `"}}}}`,
		"Tags":         []any{map[string]any{"Key": "team", "Value": "core"}}})
	out := call(t, cf, "DescribeStacks", map[string]any{"StackName": name})
	stacks, _ := out["Stacks"].([]any)
	if len(stacks) != 1 {
		t.Fatalf("DescribeStacks: %v", out)
	}
	st := stacks[0].(map[string]any)
	tags, _ := st["Tags"].([]any)
	if st["StackName"] != name || len(tags) != 1 || tags[0].(map[string]any)["Value"] != "core" {
		t.Fatalf("stack: %v", st)
	}

	rds, _ := motoInvoker(t, "rds", Options{})
	id := uniqueName("db")
	call(t, rds, "CreateDBInstance", map[string]any{"DBInstanceIdentifier": id, "DBInstanceClass": "db.t3.micro",
		"Engine": "postgres", "AllocatedStorage": 20, "MasterUsername": "admin", "MasterUserPassword": "secret123"})
	dbs := call(t, rds, "DescribeDBInstances", map[string]any{"DBInstanceIdentifier": id})
	list, _ := dbs["DBInstances"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["DBInstanceIdentifier"] != id {
		t.Fatalf("DescribeDBInstances: %v", dbs)
	}
}

func TestMotoKMSBlobsRoundTrip(t *testing.T) {
	inv, _ := motoInvoker(t, "kms", Options{})
	key := call(t, inv, "CreateKey", map[string]any{"Description": "nimbus"})
	keyID := key["KeyMetadata"].(map[string]any)["KeyId"].(string)
	secret := []byte{0, 1, 2, 250, 'h', 'i'}
	enc := call(t, inv, "Encrypt", map[string]any{"KeyId": keyID, "Plaintext": secret})
	blob, _ := enc["CiphertextBlob"].([]byte)
	if len(blob) == 0 || bytes.Contains(blob, secret) {
		t.Fatalf("Encrypt: %v", enc)
	}
	dec := call(t, inv, "Decrypt", map[string]any{"CiphertextBlob": blob})
	if got, _ := dec["Plaintext"].([]byte); !bytes.Equal(got, secret) {
		t.Fatalf("Decrypt gave %v, want %v", dec["Plaintext"], secret)
	}
}

func TestMotoSSMAndLogs(t *testing.T) {
	ssm, _ := motoInvoker(t, "ssm", Options{})
	name := "/nimbus/" + uniqueName("p")
	call(t, ssm, "PutParameter", map[string]any{"Name": name, "Value": "v1", "Type": "String"})
	got := call(t, ssm, "GetParameter", map[string]any{"Name": name})
	p := got["Parameter"].(map[string]any)
	if p["Value"] != "v1" || p["Version"] != int64(1) {
		t.Fatalf("GetParameter: %v", got)
	}

	logs, _ := motoInvoker(t, "logs", Options{})
	group := uniqueName("/nimbus/g")
	call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": group})
	out := call(t, logs, "DescribeLogGroups", map[string]any{"logGroupNamePrefix": group})
	groups, _ := out["logGroups"].([]any)
	if len(groups) != 1 || groups[0].(map[string]any)["logGroupName"] != group {
		t.Fatalf("DescribeLogGroups: %v", out)
	}
	if _, ok := groups[0].(map[string]any)["creationTime"].(int64); !ok {
		t.Errorf("creationTime (a long of epoch millis) = %T", groups[0].(map[string]any)["creationTime"])
	}
}
