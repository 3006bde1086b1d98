package invoke

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// peerCall is one read-only call both clients make against the same moto state.
type peerCall struct {
	service, op string
	input       map[string]any
	ignore      []string // top-level keys boto3's handlers add or change (e.g. S3 EncodingType)
	// now are top-level timestamps the server sets to the time of each call: both must be
	// timestamps, and ours, asked first, no later than boto3's; the values are not compared.
	now []string
}

// TestOutputsMatchBoto3 creates resources on moto, then makes the same read-only calls with the
// generic invoker and with boto3, and compares the documents (datetimes and bytes normalized).
// It checks the decode side of every protocol against botocore's parsers on real responses.
func TestOutputsMatchBoto3(t *testing.T) {
	srv := motoserverShared(t)
	ctx := context.Background()
	inv := func(service string) *Invoker {
		i, _ := motoInvoker(t, service, Options{})
		return i
	}
	must := func(i *Invoker, op string, input map[string]any) map[string]any {
		t.Helper()
		out, err := i.Call(ctx, op, input)
		if err != nil {
			t.Fatalf("setup %s: %v", op, err)
		}
		return out
	}
	// Setup, one resource or two per service.
	ec2 := inv("ec2")
	run := must(ec2, "RunInstances", map[string]any{"ImageId": "ami-12c6146b", "MinCount": 1, "MaxCount": 1,
		"TagSpecifications": []any{map[string]any{"ResourceType": "instance", "Tags": []any{map[string]any{"Key": "peer", "Value": "yes"}}}}})
	instanceID := run["Instances"].([]any)[0].(map[string]any)["InstanceId"].(string)
	bucket := uniqueName("peer")
	s3 := inv("s3")
	must(s3, "CreateBucket", map[string]any{"Bucket": bucket})
	must(s3, "PutObject", map[string]any{"Bucket": bucket, "Key": "a b.txt", "Body": "x", "Metadata": map[string]any{"k": "v"}})
	must(s3, "PutBucketTagging", map[string]any{"Bucket": bucket, "Tagging": map[string]any{"TagSet": []any{map[string]any{"Key": "t", "Value": "1"}}}})
	table := uniqueName("peer")
	ddb := inv("dynamodb")
	must(ddb, "CreateTable", map[string]any{"TableName": table, "BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}}})
	must(ddb, "PutItem", map[string]any{"TableName": table, "Item": map[string]any{"id": map[string]any{"S": "1"},
		"b": map[string]any{"B": []byte{1, 2}}, "n": map[string]any{"N": "3.5"}, "l": map[string]any{"L": []any{map[string]any{"BOOL": true}}}}})
	user := uniqueName("peer")
	must(inv("iam"), "CreateUser", map[string]any{"UserName": user, "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}})
	topic := must(inv("sns"), "CreateTopic", map[string]any{"Name": uniqueName("peer")})["TopicArn"].(string)
	queue := must(inv("sqs"), "CreateQueue", map[string]any{"QueueName": uniqueName("peer")})["QueueUrl"].(string)
	key := must(inv("kms"), "CreateKey", map[string]any{"Description": "peer"})["KeyMetadata"].(map[string]any)["KeyId"].(string)
	param := "/peer/" + uniqueName("p")
	must(inv("ssm"), "PutParameter", map[string]any{"Name": param, "Value": "v", "Type": "String"})
	zone := must(inv("route53"), "CreateHostedZone", map[string]any{"Name": uniqueName("peer") + ".example.com.",
		"CallerReference": uniqueName("r")})["HostedZone"].(map[string]any)["Id"].(string)
	stack := uniqueName("peer")
	must(inv("cloudformation"), "CreateStack", map[string]any{"StackName": stack,
		"TemplateBody": `{"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}`})
	role := uniqueName("peer")
	iam := inv("iam")
	must(iam, "CreateRole", map[string]any{"RoleName": role,
		"AssumeRolePolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`})
	must(iam, "PutRolePolicy", map[string]any{"RoleName": role, "PolicyName": "inline",
		"PolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::a+b/*"}]}`})
	secret := uniqueName("peer")
	must(inv("secretsmanager"), "CreateSecret", map[string]any{"Name": secret, "SecretString": "s"})

	calls := []peerCall{
		{service: "sts", op: "GetCallerIdentity"},
		{service: "ec2", op: "DescribeInstances", input: map[string]any{"InstanceIds": []any{instanceID}}},
		{service: "ec2", op: "DescribeVpcs"},
		{service: "ec2", op: "DescribeAvailabilityZones"},
		{service: "ec2", op: "DescribeSecurityGroups"},
		{service: "s3", op: "ListObjectsV2", input: map[string]any{"Bucket": bucket}, ignore: []string{"EncodingType"}},
		{service: "s3", op: "GetBucketTagging", input: map[string]any{"Bucket": bucket}},
		{service: "s3", op: "HeadObject", input: map[string]any{"Bucket": bucket, "Key": "a b.txt"}},
		{service: "dynamodb", op: "DescribeTable", input: map[string]any{"TableName": table}},
		{service: "dynamodb", op: "Scan", input: map[string]any{"TableName": table}},
		{service: "iam", op: "GetUser", input: map[string]any{"UserName": user}},
		{service: "iam", op: "ListUserTags", input: map[string]any{"UserName": user}},
		{service: "sns", op: "GetTopicAttributes", input: map[string]any{"TopicArn": topic}},
		{service: "sqs", op: "GetQueueAttributes", input: map[string]any{"QueueUrl": queue, "AttributeNames": []any{"All"}}},
		{service: "kms", op: "DescribeKey", input: map[string]any{"KeyId": key}},
		{service: "ssm", op: "GetParameter", input: map[string]any{"Name": param}},
		{service: "route53", op: "GetHostedZone", input: map[string]any{"Id": zone}},
		{service: "cloudformation", op: "DescribeStacks", input: map[string]any{"StackName": stack}},
		{service: "secretsmanager", op: "DescribeSecret", input: map[string]any{"SecretId": secret}},
		{service: "lambda", op: "ListFunctions"},
		{service: "logs", op: "DescribeLogGroups"},
		{service: "ec2", op: "DescribeSubnets"},
		{service: "ec2", op: "DescribeRouteTables"},
		{service: "ec2", op: "DescribeVolumes"},
		{service: "ec2", op: "DescribeTags", input: map[string]any{"Filters": []any{map[string]any{"Name": "resource-id", "Values": []any{instanceID}}}}},
		{service: "ec2", op: "DescribeInstanceTypes", input: map[string]any{"InstanceTypes": []any{"t3.micro", "m5.large"}}},
		{service: "s3", op: "ListBuckets"},
		{service: "s3", op: "GetBucketAcl", input: map[string]any{"Bucket": bucket}},
		{service: "s3", op: "GetBucketVersioning", input: map[string]any{"Bucket": bucket}},
		{service: "s3", op: "GetObjectTagging", input: map[string]any{"Bucket": bucket, "Key": "a b.txt"}},
		{service: "iam", op: "ListRoles"},
		{service: "iam", op: "ListUsers"},
		{service: "sns", op: "ListTopics"},
		{service: "sqs", op: "ListQueues"},
		{service: "kms", op: "ListKeys"},
		{service: "kms", op: "ListAliases"},
		{service: "cloudformation", op: "ListStacks"},
		{service: "cloudformation", op: "GetTemplate", input: map[string]any{"StackName": stack}},
		{service: "cloudformation", op: "DescribeStackResources", input: map[string]any{"StackName": stack}},
		{service: "route53", op: "ListHostedZones"},
		{service: "ssm", op: "DescribeParameters"},
		{service: "secretsmanager", op: "ListSecrets"},
		{service: "dynamodb", op: "ListTables"},
		{service: "autoscaling", op: "DescribeAutoScalingGroups"},
		{service: "elbv2", op: "DescribeLoadBalancers"},
		{service: "kinesis", op: "ListStreams"},
		{service: "ecs", op: "ListClusters"},
		{service: "events", op: "ListRules"},
		{service: "iam", op: "GetRole", input: map[string]any{"RoleName": role}},
		{service: "iam", op: "GetRolePolicy", input: map[string]any{"RoleName": role, "PolicyName": "inline"}},
		{service: "ec2", op: "GetConsoleOutput", input: map[string]any{"InstanceId": instanceID}, now: []string{"Timestamp"}},
	}

	cmd := exec.Command("python3", "testdata/boto3_call.py")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("python3 with boto3 is needed: %v", err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	answers := bufio.NewReader(stdout)

	for _, c := range calls {
		t.Run(c.service+" "+c.op, func(t *testing.T) {
			input := c.input
			if input == nil {
				input = map[string]any{}
			}
			got, err := inv(c.service).Call(ctx, c.op, input)
			if err != nil {
				t.Fatal(err)
			}
			line, _ := json.Marshal(map[string]any{"service": c.service, "operation": c.op, "input": input, "endpoint": srv.URL})
			stdin.Write(append(line, '\n'))
			reply, err := answers.ReadBytes('\n')
			if err != nil {
				t.Fatalf("boto3: %v", err)
			}
			var want struct {
				Output map[string]any
				Error  string
			}
			if err := json.Unmarshal(reply, &want); err != nil || want.Error != "" {
				t.Fatalf("boto3: %v %s", err, want.Error)
			}
			g := truncateMicros(normalizeDoc(got)).(map[string]any)
			want.Output = truncateMicros(want.Output).(map[string]any)
			for _, k := range c.ignore {
				delete(g, k)
				delete(want.Output, k)
			}
			for _, k := range c.now {
				const layout = "2006-01-02T15:04:05.000000Z"
				ours, err1 := time.Parse(layout, fmt.Sprint(g[k]))
				theirs, err2 := time.Parse(layout, fmt.Sprint(want.Output[k]))
				if err1 != nil || err2 != nil || ours.After(theirs) {
					t.Errorf("%s: ours %v, boto3's %v: want two timestamps, ours no later (%v, %v)", k, g[k], want.Output[k], err1, err2)
				}
				delete(g, k)
				delete(want.Output, k)
			}
			if !reflect.DeepEqual(g, want.Output) {
				t.Errorf("documents differ:\n%s", docDiff("", g, want.Output))
			}
		})
	}
}

// normalizeDoc turns an output document into what boto3_call.py prints, through JSON.
func normalizeDoc(v any) any {
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		case time.Time:
			return x.UTC().Format("2006-01-02T15:04:05.000000Z")
		case []byte:
			return base64.StdEncoding.EncodeToString(x)
		}
		return v
	}
	b, _ := json.Marshal(walk(v))
	var out any
	json.Unmarshal(b, &out)
	return out
}

// truncateMicros cuts timestamps to milliseconds: smithy-go (and so the typed SDK and we) reads
// epoch-seconds timestamps to the millisecond, boto3 to the microsecond.
func truncateMicros(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = truncateMicros(e)
		}
	case []any:
		for i, e := range x {
			x[i] = truncateMicros(e)
		}
	case string:
		if len(x) == 27 && x[19] == '.' && x[26] == 'Z' && x[4] == '-' && x[10] == 'T' {
			return x[:23] + "000Z"
		}
	}
	return v
}

// docDiff lists the paths where two JSON-like documents differ.
func docDiff(path string, got, want any) string {
	gm, gok := got.(map[string]any)
	wm, wok := want.(map[string]any)
	if gok && wok {
		keys := map[string]bool{}
		for k := range gm {
			keys[k] = true
		}
		for k := range wm {
			keys[k] = true
		}
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, k := range names {
			b.WriteString(docDiff(path+"."+k, gm[k], wm[k]))
		}
		return b.String()
	}
	gl, gok := got.([]any)
	wl, wok := want.([]any)
	if gok && wok && len(gl) == len(wl) {
		var b strings.Builder
		for i := range gl {
			b.WriteString(docDiff(fmt.Sprintf("%s[%d]", path, i), gl[i], wl[i]))
		}
		return b.String()
	}
	if reflect.DeepEqual(got, want) {
		return ""
	}
	return fmt.Sprintf("\t%s: got %v, boto3 %v\n", path, got, want)
}
