package snippet

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/needtool"
)

type callCase struct {
	service, op string
	input       map[string]any
}

// callCases exercise the awkward corners: booleans and their renames, lists as words and as
// JSON, values that look like options or URLs, quotes, control characters, Unicode, streaming
// output, pagination parameters, lower-case member names.
var callCases = []callCase{
	{"ec2", "DescribeInstances", map[string]any{
		"InstanceIds": []any{"i-123", "i-456"},
		"Filters":     []any{map[string]any{"Name": "instance-state-name", "Values": []any{"running"}}},
		"DryRun":      false,
	}},
	{"ec2", "CreateImage", map[string]any{"InstanceId": "i-1", "Name": `it's "quoted"`, "NoReboot": false}},
	{"ec2", "CreateImage", map[string]any{"InstanceId": "i-1", "Name": "x", "NoReboot": true, "Description": "-starts with a dash"}},
	{"ec2", "AuthorizeSecurityGroupEgress", map[string]any{"GroupId": "sg-1", "IpPermissions": []any{}}},
	{"s3", "ListObjectsV2", map[string]any{"Bucket": "b", "Prefix": "-p/", "Delimiter": "/", "MaxKeys": 3, "FetchOwner": true}},
	{"s3", "GetObject", map[string]any{"Bucket": "b", "Key": "a b/c.txt"}},
	{"sqs", "SendMessage", map[string]any{
		"QueueUrl":    "https://sqs.us-east-1.amazonaws.com/123456789012/q",
		"MessageBody": "line 1\nline 2\x1b[31m red ✓ \u202e",
		"MessageAttributes": map[string]any{
			"k": map[string]any{"DataType": "String", "StringValue": "v"},
		},
		"DelaySeconds": 0,
	}},
	{"sqs", "ReceiveMessage", map[string]any{"QueueUrl": "u", "MessageAttributeNames": []any{"file://x"}}},
	{"dynamodb", "Query", map[string]any{
		"TableName":                 "t",
		"KeyConditionExpression":    "#k = :v",
		"ExpressionAttributeNames":  map[string]any{"#k": "pk"},
		"ExpressionAttributeValues": map[string]any{":v": map[string]any{"S": "x"}},
		"ConsistentRead":            true,
		"Limit":                     10,
	}},
	{"iam", "ListUsers", map[string]any{"MaxItems": 5, "PathPrefix": "/"}},
	{"logs", "FilterLogEvents", map[string]any{"logGroupName": "g", "logStreamNames": []any{"a", "b"}, "startTime": int64(1700000000000), "interleaved": true}},
	{"glue", "GetUnfilteredTableMetadata", map[string]any{"CatalogId": "1", "DatabaseName": "d", "Name": "n", "Region": "us-west-2",
		"SupportedPermissionTypes": []any{"COLUMN_PERMISSION"}}},
	{"lambda", "Invoke", map[string]any{"FunctionName": "f", "Payload": `{"a": 1}`}},
	{"cloudwatch", "PutMetricData", map[string]any{"Namespace": "n", "MetricData": []any{map[string]any{"MetricName": "m", "Value": 1.5}}}},
	{"ec2", "DescribeInstances", map[string]any{"InstanceIds": []any{"[i-1"}}},
	{"ec2", "RunInstances", map[string]any{"ImageId": "ami-1", "MinCount": 3, "MaxCount": 3}},
	{"ec2", "RunInstances", map[string]any{"ImageId": "ami-1", "MaxCount": 2}},
	{"ec2", "RunInstances", map[string]any{
		"ImageId": "ami-1", "MinCount": 1, "MaxCount": 2, "InstanceType": "t3.micro",
		"DisableApiTermination": false, "EbsOptimized": true, "SecurityGroupIds": []any{"sg-1"},
		"TagSpecifications": []any{map[string]any{"ResourceType": "instance", "Tags": []any{map[string]any{"Key": "Name", "Value": "web's"}}}},
		"UserData":          "#!/bin/sh\necho hi\n",
	}},
	{"s3", "PutObject", map[string]any{"Bucket": "b", "Key": "k", "ContentType": "text/plain", "Metadata": map[string]any{"a": "1"}}},
	{"sts", "GetCallerIdentity", map[string]any{}},
	{"rds", "ModifyOptionGroup", map[string]any{"OptionGroupName": "g", "OptionsToRemove": []any{"OEM"}, "ApplyImmediately": true}},
	{"rds", "ModifyOptionGroup", map[string]any{"OptionGroupName": "g", "OptionsToInclude": []any{map[string]any{"OptionName": "OEM"}}, "OptionsToRemove": []any{"X"}}},
	{"ses", "SendEmail", map[string]any{"Source": "a@example.com", "Destination": map[string]any{"ToAddresses": []any{"b@example.com"}},
		"Message": map[string]any{"Subject": map[string]any{"Data": "hi"}, "Body": map[string]any{"Text": map[string]any{"Data": "hello"}}}}},
	{"iot", "ListPolicies", map[string]any{"pageSize": 5, "ascendingOrder": true}},
	{"emr", "ListClusters", map[string]any{"ClusterStates": []any{"RUNNING"}, "CreatedAfter": "2024-05-01T00:00:00Z"}},
	{"cloudsearch", "DefineExpression", map[string]any{"DomainName": "d", "Expression": map[string]any{"ExpressionName": "e", "ExpressionValue": "_score"}}},
	{"ecs", "UpdateService", map[string]any{"cluster": "c", "service": "s", "enableExecuteCommand": false, "forceNewDeployment": true}},
}

func TestAWSCLIExamples(t *testing.T) {
	cases := []struct {
		c    callCase
		opts Options
		want string
	}{
		{callCases[0], Options{},
			`aws ec2 describe-instances --instance-ids i-123 i-456 --no-dry-run --filters '[{"Name":"instance-state-name","Values":["running"]}]'`},
		{callCases[1], Options{Profile: "prod admin", Region: "eu-west-1", EndpointURL: "http://127.0.0.1:4566"},
			`aws ec2 create-image --instance-id i-1 --name 'it'\''s "quoted"' --reboot --profile 'prod admin' --region eu-west-1 --endpoint-url http://127.0.0.1:4566`},
		{callCases[2], Options{},
			`aws ec2 create-image --instance-id i-1 --name x --description='-starts with a dash' --no-reboot`},
		{callCases[5], Options{OutFile: "c.txt"},
			`aws s3api get-object --bucket b --key 'a b/c.txt' c.txt`},
		{callCases[7], Options{},
			`aws sqs receive-message --queue-url u --message-attribute-names '["file://x"]'`},
		{callCases[9], Options{},
			`aws iam list-users --path-prefix / --max-items 5 --no-paginate`},
		{callCases[15], Options{}, `aws ec2 run-instances --count 3 --image-id ami-1`},
		{callCases[16], Options{}, `aws ec2 run-instances --image-id ami-1 --cli-input-json '{"MaxCount":2}'`},
		{callCases[11], Options{},
			`aws glue get-unfiltered-table-metadata --catalog-id 1 --database-name d --name n --supported-permission-types COLUMN_PERMISSION --resource-region us-west-2`},
	}
	for _, tc := range cases {
		svc := loadService(t, tc.c.service)
		if got := AWSCLI(svc, tc.c.op, tc.c.input, tc.opts); got != tc.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tc.c.service, tc.c.op, got, tc.want)
		}
	}
}

func TestAWSCLIEscapesControlCharacters(t *testing.T) {
	svc := loadService(t, "sqs")
	got := AWSCLI(svc, "SendMessage", map[string]any{"QueueUrl": "q", "MessageBody": "a'\x1b[31m\n\u202e"}, Options{})
	want := `aws sqs send-message --queue-url q --message-body $'a\'\x1b[31m\n\u202e'`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestBoto3Example(t *testing.T) {
	got := Boto3("ec2", "DescribeInstances", map[string]any{
		"InstanceIds": []string{"i-123"},
		"DryRun":      false,
		"MaxResults":  5.0,
		"Odd-Name":    nil,
		"from":        "x",
	}, Options{Profile: "p", Region: "eu-west-1"})
	want := `import boto3

session = boto3.Session(profile_name="p", region_name="eu-west-1")
client = session.client("ec2")
response = client.describe_instances(
    DryRun=False,
    InstanceIds=["i-123"],
    MaxResults=5,
    **{"from": "x"},
)
`
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	short := Boto3("s3", "ListBuckets", nil, Options{})
	if !strings.HasSuffix(short, "\nresponse = client.list_buckets()\n") || !strings.Contains(short, "boto3.Session()\n") {
		t.Errorf("a call without input:\n%s", short)
	}
	long := Boto3("dynamodb", "Query", callCases[8].input, Options{})
	if !strings.Contains(long, "response = client.query(\n    ConsistentRead=True,\n") || !strings.HasSuffix(long, "\n)\n") {
		t.Errorf("a long call should take one argument per line:\n%s", long)
	}
}

// TestSnippetsSendTheInput runs every case's CLI command (split into words by bash) through the
// installed awscli and its boto3 snippet through Python, with the client's send replaced by a
// recorder, and checks both would send exactly the input.
func TestSnippetsSendTheInput(t *testing.T) {
	needPython(t, true)
	needtool.Command(t, "bash", "to split the commands into words")
	type job struct {
		Argv   []string `json:"argv,omitempty"`
		Python string   `json:"python,omitempty"`
	}
	var jobs []job
	var snippets []string
	for _, c := range callCases {
		svc := loadService(t, c.service)
		cmd := AWSCLI(svc, c.op, c.input, Options{Region: "us-east-1", OutFile: os.DevNull})
		argv := shellWords(t, strings.TrimPrefix(cmd, "aws "))
		py := Boto3(c.service, c.op, c.input, Options{Region: "us-east-1"})
		jobs = append(jobs, job{Argv: argv}, job{Python: py})
		snippets = append(snippets, cmd, py)
	}
	in, _ := json.Marshal(jobs)
	cmd := exec.Command("python3", "testdata/harness.py")
	cmd.Stdin = bytes.NewReader(in)
	cmd.Env = append(cleanEnv(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "AWS_DEFAULT_REGION=us-east-1",
		"AWS_ENDPOINT_URL=http://127.0.0.1:1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harness: %v\n%s", err, stderr.String())
	}
	var results []struct {
		Op     string         `json:"op"`
		Params map[string]any `json:"params"`
		Error  string         `json:"error"`
	}
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("harness output: %v\n%s", err, out)
	}
	for i, r := range results {
		c := callCases[i/2]
		who := "aws"
		if i%2 == 1 {
			who = "boto3"
		}
		if r.Error != "" || r.Op != c.op {
			t.Errorf("%s %s via %s: no call recorded (%q)\n%s", c.service, c.op, who, r.Error, snippets[i])
			continue
		}
		want := roundTrip(t, c.input)
		if !reflect.DeepEqual(r.Params, want) {
			t.Errorf("%s %s via %s sends\n  %v\nwant\n  %v\n%s", c.service, c.op, who, r.Params, want, snippets[i])
		}
	}
}

func roundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// shellWords lets bash split a command line into its words.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	out, err := exec.Command("bash", "-c", `printf '%s\0' `+line).Output()
	if err != nil {
		t.Fatalf("bash could not parse %s: %v", line, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// TestAWSCLICommandsReachTheNetwork runs two commands with the real `aws` against a closed port:
// the error must be the connection, proving the CLI accepted every argument.
func TestAWSCLICommandsReachTheNetwork(t *testing.T) {
	needtool.Command(t, "aws", "pip install awscli")
	for _, c := range []callCase{callCases[0], callCases[8]} {
		t.Run(c.service+"/"+c.op, func(t *testing.T) {
			t.Parallel()
			line := AWSCLI(loadService(t, c.service), c.op, c.input, Options{Region: "us-east-1", EndpointURL: "http://127.0.0.1:1"})
			cmd := exec.Command("bash", "-c", line+" --cli-connect-timeout 1")
			cmd.Env = append(cleanEnv(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret",
				"AWS_CONFIG_FILE="+os.DevNull, "AWS_SHARED_CREDENTIALS_FILE="+os.DevNull, "AWS_MAX_ATTEMPTS=1")
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), "Could not connect to the endpoint URL") {
				t.Errorf("%s\nwant a connection error, got %v:\n%s", line, err, out)
			}
		})
	}
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return env
}
