package invoke

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// countingClient counts the requests that reach the server.
type countingClient struct {
	n     atomic.Int64
	inner aws.HTTPClient
}

func (c *countingClient) Do(req *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.inner.Do(req)
}

func motoserverShared(t testing.TB) *motoserver.Server { return motoserver.StartShared(t) }

// motoInvoker returns an Invoker for service against a shared moto_server, and the request counter.
func motoInvoker(t *testing.T, service string, opts Options) (*Invoker, *countingClient) {
	t.Helper()
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	client := &countingClient{inner: http.DefaultClient}
	cfg.HTTPClient = client
	return New(cfg, loadModel(t, service), opts), client
}

func call(t *testing.T, inv *Invoker, op string, input map[string]any) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := inv.Call(ctx, op, input)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

func uniqueName(prefix string) string {
	return prefix + "-" + strings.ToLower(strings.ReplaceAll(time.Now().Format("150405.000000000"), ".", ""))
}

func TestMotoSTSGetCallerIdentity(t *testing.T) {
	inv, _ := motoInvoker(t, "sts", Options{})
	out := call(t, inv, "GetCallerIdentity", nil)
	if out["Account"] != motoserver.AccountID {
		t.Fatalf("Account = %v, want %s (output %v)", out["Account"], motoserver.AccountID, out)
	}
	if arn, _ := out["Arn"].(string); !strings.HasPrefix(arn, "arn:aws:") {
		t.Fatalf("Arn = %v", out["Arn"])
	}
}

func TestMotoDynamoDB(t *testing.T) {
	inv, _ := motoInvoker(t, "dynamodb", Options{})
	table := uniqueName("music")
	created := call(t, inv, "CreateTable", map[string]any{
		"TableName": table, "BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": []any{
			map[string]any{"AttributeName": "Artist", "AttributeType": "S"},
			map[string]any{"AttributeName": "Song", "AttributeType": "S"}},
		"KeySchema": []any{
			map[string]any{"AttributeName": "Artist", "KeyType": "HASH"},
			map[string]any{"AttributeName": "Song", "KeyType": "RANGE"}},
	})
	desc, _ := created["TableDescription"].(map[string]any)
	if desc["TableName"] != table {
		t.Fatalf("CreateTable output: %v", created)
	}
	if _, ok := desc["CreationDateTime"].(time.Time); !ok {
		t.Errorf("CreationDateTime should decode to time.Time, got %T", desc["CreationDateTime"])
	}
	for i, song := range []string{"a", "b", "c"} {
		call(t, inv, "PutItem", map[string]any{"TableName": table, "Item": map[string]any{
			"Artist": map[string]any{"S": "X"}, "Song": map[string]any{"S": song},
			"Plays": map[string]any{"N": string(rune('1' + i))}, "Cover": map[string]any{"B": []byte{0, 1, 2}},
		}})
	}
	out := call(t, inv, "Query", map[string]any{"TableName": table, "KeyConditionExpression": "Artist = :a",
		"ExpressionAttributeValues": map[string]any{":a": map[string]any{"S": "X"}}, "Limit": 2})
	if out["Count"] != int64(2) {
		t.Fatalf("Count = %#v, want int64(2); output %v", out["Count"], out)
	}
	items := out["Items"].([]any)
	first := items[0].(map[string]any)
	if song := first["Song"].(map[string]any)["S"]; song != "a" {
		t.Errorf("first song = %v", song)
	}
	if cover := first["Cover"].(map[string]any)["B"]; string(cover.([]byte)) != "\x00\x01\x02" {
		t.Errorf("blob attribute = %v", cover)
	}
	if _, ok := out["LastEvaluatedKey"].(map[string]any); !ok {
		t.Errorf("LastEvaluatedKey missing with Limit 2: %v", out)
	}

	_, err := inv.Call(context.Background(), "DescribeTable", map[string]any{"TableName": "no-such-table"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "ResourceNotFoundException" || apiErr.StatusCode != 400 {
		t.Fatalf("DescribeTable on a missing table: %v", err)
	}
	if apiErr.RequestID == "" || apiErr.Fault != "client" {
		t.Errorf("error metadata: %+v", apiErr)
	}
	var smithyErr smithy.APIError
	if !errors.As(err, &smithyErr) || smithyErr.ErrorCode() != "ResourceNotFoundException" {
		t.Errorf("errors.As(smithy.APIError) failed for %v", err)
	}
}

func TestMotoEC2(t *testing.T) {
	inv, _ := motoInvoker(t, "ec2", Options{})
	run := call(t, inv, "RunInstances", map[string]any{"ImageId": "ami-12c6146b", "InstanceType": "t3.micro",
		"MinCount": 2, "MaxCount": 2, "TagSpecifications": []any{map[string]any{"ResourceType": "instance",
			"Tags": []any{map[string]any{"Key": "Name", "Value": "nimbus-test"}}}}})
	instances, _ := run["Instances"].([]any)
	if len(instances) != 2 {
		t.Fatalf("RunInstances: %v", run)
	}
	id := instances[0].(map[string]any)["InstanceId"].(string)
	out := call(t, inv, "describe-instances", map[string]any{"InstanceIds": []any{id},
		"Filters": []any{map[string]any{"Name": "tag:Name", "Values": []any{"nimbus-test"}}}})
	res, _ := out["Reservations"].([]any)
	if len(res) != 1 {
		t.Fatalf("DescribeInstances: %v", out)
	}
	got := res[0].(map[string]any)["Instances"].([]any)[0].(map[string]any)
	if got["InstanceId"] != id {
		t.Fatalf("InstanceId = %v, want %s", got["InstanceId"], id)
	}
	if _, ok := got["LaunchTime"].(time.Time); !ok {
		t.Errorf("LaunchTime should be time.Time, got %T", got["LaunchTime"])
	}
	if state := got["State"].(map[string]any); state["Name"] == "" {
		t.Errorf("State: %v", state)
	}
	_, err := inv.Call(context.Background(), "StopInstances", map[string]any{"InstanceIds": []any{"i-00000000000000000"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !strings.HasPrefix(apiErr.Code, "InvalidInstanceID") {
		t.Fatalf("stopping a missing instance: %v", err)
	}
}

func TestMotoS3(t *testing.T) {
	inv, _ := motoInvoker(t, "s3", Options{})
	bucket := uniqueName("nimbus")
	call(t, inv, "CreateBucket", map[string]any{"Bucket": bucket})
	for _, k := range []string{"a/1.txt", "a/2.txt", "b.txt"} {
		call(t, inv, "PutObject", map[string]any{"Bucket": bucket, "Key": k, "Body": "body of " + k, "ContentType": "text/plain",
			"Metadata": map[string]any{"owner": "ana"}})
	}
	list := call(t, inv, "ListObjectsV2", map[string]any{"Bucket": bucket, "Delimiter": "/", "MaxKeys": 10})
	contents, _ := list["Contents"].([]any)
	prefixes, _ := list["CommonPrefixes"].([]any)
	if len(contents) != 1 || len(prefixes) != 1 || list["KeyCount"] != int64(2) {
		t.Fatalf("ListObjectsV2: %v", list)
	}
	obj := contents[0].(map[string]any)
	if obj["Key"] != "b.txt" || obj["Size"] != int64(len("body of b.txt")) {
		t.Errorf("object: %v", obj)
	}
	if _, ok := obj["LastModified"].(time.Time); !ok {
		t.Errorf("LastModified should be time.Time, got %T", obj["LastModified"])
	}
	got := call(t, inv, "GetObject", map[string]any{"Bucket": bucket, "Key": "a/1.txt"})
	if string(got["Body"].([]byte)) != "body of a/1.txt" || got["ContentType"] != "text/plain" {
		t.Errorf("GetObject: %v", got)
	}
	if md, _ := got["Metadata"].(map[string]any); md["owner"] != "ana" {
		t.Errorf("Metadata: %v", got["Metadata"])
	}
	pr, pw := io.Pipe() // a one-shot stream of known size
	go func() { pw.Write([]byte("piped body")); pw.Close() }()
	call(t, inv, "PutObject", map[string]any{"Bucket": bucket, "Key": "piped", "Body": io.Reader(pr), "ContentLength": 10})
	if got := call(t, inv, "GetObject", map[string]any{"Bucket": bucket, "Key": "piped"}); string(got["Body"].([]byte)) != "piped body" {
		t.Errorf("piped upload: %q", got["Body"])
	}
	located := uniqueName("nimbus-eu")
	call(t, inv, "CreateBucket", map[string]any{"Bucket": located,
		"CreateBucketConfiguration": map[string]any{"LocationConstraint": "eu-west-1"}})
	if loc := call(t, inv, "GetBucketLocation", map[string]any{"Bucket": located}); loc["LocationConstraint"] != "eu-west-1" {
		t.Errorf("GetBucketLocation: %v", loc)
	}
	head, err := inv.Call(context.Background(), "HeadObject", map[string]any{"Bucket": bucket, "Key": "missing"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Code != "404" || apiErr.Message != "Not Found" {
		t.Fatalf("HeadObject on a missing key: %v %v", head, err)
	}
	_, err = inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "no-such-bucket-" + bucket})
	if !errors.As(err, &apiErr) || apiErr.Code != "NoSuchBucket" || apiErr.StatusCode != 404 {
		t.Fatalf("listing a missing bucket: %v", err)
	}
}

func TestMotoLambdaAndSQS(t *testing.T) {
	lam, _ := motoInvoker(t, "lambda", Options{})
	out := call(t, lam, "ListFunctions", map[string]any{"MaxItems": 5})
	if _, ok := out["Functions"].([]any); !ok {
		t.Fatalf("ListFunctions: %v", out)
	}
	_, err := lam.Call(context.Background(), "GetFunction", map[string]any{"FunctionName": "missing"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "ResourceNotFoundException" || apiErr.StatusCode != 404 {
		t.Fatalf("GetFunction on a missing function: %v", err)
	}

	q, _ := motoInvoker(t, "sqs", Options{})
	name := uniqueName("jobs")
	created := call(t, q, "CreateQueue", map[string]any{"QueueName": name, "Attributes": map[string]any{"VisibilityTimeout": "30"}})
	url, _ := created["QueueUrl"].(string)
	if !strings.HasSuffix(url, "/"+name) {
		t.Fatalf("CreateQueue: %v", created)
	}
	listed := call(t, q, "ListQueues", map[string]any{"QueueNamePrefix": name})
	if urls, _ := listed["QueueUrls"].([]any); len(urls) != 1 || urls[0] != url {
		t.Fatalf("ListQueues: %v", listed)
	}
	_, err = q.Call(context.Background(), "GetQueueUrl", map[string]any{"QueueName": "missing-" + name})
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Code, "NonExistentQueue") && apiErr.Code != "QueueDoesNotExist" {
		t.Fatalf("GetQueueUrl on a missing queue: %v", err)
	}
}

func TestMotoIAMGlobalServiceWithBaseEndpoint(t *testing.T) {
	inv, _ := motoInvoker(t, "iam", Options{})
	name := uniqueName("user")
	call(t, inv, "CreateUser", map[string]any{"UserName": name, "Tags": []any{map[string]any{"Key": "k", "Value": "v"}}})
	out := call(t, inv, "ListUsers", map[string]any{})
	found := false
	for _, u := range out["Users"].([]any) {
		if u.(map[string]any)["UserName"] == name {
			found = true
		}
	}
	if !found {
		t.Fatalf("ListUsers does not list %s: %v", name, out)
	}
}

func TestMotoNothingSentWhenRefused(t *testing.T) {
	inv, client := motoInvoker(t, "dynamodb", Options{ReadOnly: true})
	_, err := inv.Call(context.Background(), "DeleteTable", map[string]any{"TableName": "x"})
	if !errors.Is(err, readonly.ErrRefused) {
		t.Fatalf("DeleteTable in read-only mode: %v", err)
	}
	_, err = inv.Call(context.Background(), "Query", map[string]any{"TableName": "x", "Limit": "ten", "Bogus": 1})
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 2 {
		t.Fatalf("invalid Query: %v", err)
	}
	if n := client.n.Load(); n != 0 {
		t.Fatalf("%d requests reached the server; refusals must send nothing", n)
	}
	// A read still goes through in read-only mode.
	if _, err := inv.Call(context.Background(), "ListTables", nil); err != nil {
		t.Fatalf("ListTables in read-only mode: %v", err)
	}
	if client.n.Load() != 1 {
		t.Fatalf("ListTables should have sent one request, sent %d", client.n.Load())
	}
}

func TestMotoRoute53(t *testing.T) {
	inv, _ := motoInvoker(t, "route53", Options{})
	zone := uniqueName("zone") + ".example.com."
	created := call(t, inv, "CreateHostedZone", map[string]any{"Name": zone, "CallerReference": uniqueName("ref")})
	id := created["HostedZone"].(map[string]any)["Id"].(string) // "/hostedzone/…": the full form is accepted
	call(t, inv, "ChangeResourceRecordSets", map[string]any{"HostedZoneId": id, "ChangeBatch": map[string]any{
		"Changes": []any{map[string]any{"Action": "CREATE", "ResourceRecordSet": map[string]any{
			"Name": "www." + zone, "Type": "A", "TTL": 60, "ResourceRecords": []any{map[string]any{"Value": "192.0.2.7"}}}}}}})
	out := call(t, inv, "ListResourceRecordSets", map[string]any{"HostedZoneId": id})
	found := false
	for _, rr := range out["ResourceRecordSets"].([]any) {
		r := rr.(map[string]any)
		if r["Name"] == "www."+zone && r["TTL"] == int64(60) {
			found = true
		}
	}
	if !found {
		t.Fatalf("record not listed: %v", out)
	}
}

// TestMotoReadOnlyClasses runs the three classes through the engine under --readonly: a reveal
// goes through (and is never logged), a mutation hidden behind an input member or a read-looking
// name is refused with nothing sent, and a pure read that used to be refused is sent.
func TestMotoReadOnlyClasses(t *testing.T) {
	ctx := context.Background()
	rw, _ := motoInvoker(t, "kms", Options{})
	key := call(t, rw, "CreateKey", map[string]any{})["KeyMetadata"].(map[string]any)["KeyId"].(string)
	const plaintext = "plain-MARKER-4711"
	blob := call(t, rw, "Encrypt", map[string]any{"KeyId": key, "Plaintext": plaintext})["CiphertextBlob"]

	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ro, sent := motoInvoker(t, "kms", Options{ReadOnly: true, Logger: logger})
	// An unknown enum value makes an input warning that quotes it: withheld for a reveal.
	out, err := ro.Call(ctx, "Decrypt", map[string]any{"CiphertextBlob": blob, "EncryptionAlgorithm": "SYMMETRIC_DEFAULT", "KeyId": key})
	if err != nil {
		t.Fatalf("Decrypt (reveals a secret) under --readonly: %v", err)
	}
	if string(out["Plaintext"].([]byte)) != plaintext {
		t.Fatalf("Decrypt: %v", out)
	}
	_, _ = ro.Call(ctx, "Decrypt", map[string]any{"CiphertextBlob": blob, "EncryptionAlgorithm": "WARN-MARKER-0815"})
	if sent.n.Load() != 2 {
		t.Fatalf("%d requests sent, want the two Decrypt calls", sent.n.Load())
	}
	if !strings.Contains(log.String(), "aws attempt") {
		t.Fatalf("the debug log has no attempt lines: %s", log.String())
	}
	for _, leak := range []string{plaintext, "WARN-MARKER-0815"} {
		if strings.Contains(log.String(), leak) {
			t.Errorf("the debug log holds %q from a secret call:\n%s", leak, log.String())
		}
	}

	cases := []struct {
		service, op string
		input       map[string]any
		refused     bool
	}{
		{"redshift", "GetClusterCredentials", map[string]any{"DbUser": "u", "ClusterIdentifier": "c", "AutoCreate": true}, true},
		{"cloudformation", "DetectStackDrift", map[string]any{"StackName": "s"}, true},
		{"redshift", "GetClusterCredentials", map[string]any{"DbUser": "u", "ClusterIdentifier": "c"}, false},
		{"ecr", "BatchCheckLayerAvailability", map[string]any{"repositoryName": "repo", "layerDigests": []any{"sha256:0"}}, false},
		{"ssm", "GetParameter", map[string]any{"Name": "missing", "WithDecryption": true}, false},
	}
	for _, c := range cases {
		inv, sent := motoInvoker(t, c.service, Options{ReadOnly: true})
		_, err := inv.Call(ctx, c.op, c.input)
		if got := errors.Is(err, readonly.ErrRefused); got != c.refused {
			t.Errorf("%s %s %v under --readonly: refused = %v (%v), want %v", c.service, c.op, c.input, got, err, c.refused)
		}
		// moto answers some of these with an error (no such cluster, not implemented): what
		// matters is whether the request was sent at all.
		if n := sent.n.Load(); (n == 0) != c.refused {
			t.Errorf("%s %s: %d requests sent, refused = %v", c.service, c.op, n, c.refused)
		}
	}
}

// TestMotoInsightsUnderReadOnly: a Logs Insights query (StartQuery, GetQueryResults, StopQuery)
// runs under --readonly, while every call that stores something in CloudWatch Logs is still
// refused with nothing sent (issue 11: Insights was refused because StartQuery was classed
// mutate).
func TestMotoInsightsUnderReadOnly(t *testing.T) {
	ctx := context.Background()
	rw, _ := motoInvoker(t, "logs", Options{})
	group := uniqueName("/insights/ro")
	call(t, rw, "CreateLogGroup", map[string]any{"logGroupName": group})
	call(t, rw, "CreateLogStream", map[string]any{"logGroupName": group, "logStreamName": "s"})
	now := time.Now().UnixMilli()
	call(t, rw, "PutLogEvents", map[string]any{"logGroupName": group, "logStreamName": "s",
		"logEvents": []any{map[string]any{"timestamp": now, "message": "hello"}}})

	ro, sent := motoInvoker(t, "logs", Options{ReadOnly: true})
	started, err := ro.Call(ctx, "StartQuery", map[string]any{"logGroupName": group,
		"startTime": now/1000 - 600, "endTime": now/1000 + 60, "queryString": "fields @message"})
	if err != nil {
		t.Fatalf("StartQuery under --readonly: %v", err)
	}
	id, _ := started["queryId"].(string)
	if _, err := ro.Call(ctx, "GetQueryResults", map[string]any{"queryId": id}); err != nil {
		t.Fatalf("GetQueryResults under --readonly: %v", err)
	}
	// moto answers StopQuery with a 500 (retried): what matters is that it is sent.
	before := sent.n.Load()
	_, err = ro.Call(ctx, "StopQuery", map[string]any{"queryId": id})
	if errors.Is(err, readonly.ErrRefused) || sent.n.Load() == before {
		t.Fatalf("StopQuery under --readonly: %v (%d requests sent)", err, sent.n.Load()-before)
	}

	before = sent.n.Load()
	for op, in := range map[string]map[string]any{
		"CreateLogGroup":        {"logGroupName": group + "-new"},
		"CreateLogStream":       {"logGroupName": group, "logStreamName": "s2"},
		"PutLogEvents":          {"logGroupName": group, "logStreamName": "s", "logEvents": []any{map[string]any{"timestamp": now, "message": "x"}}},
		"DeleteLogGroup":        {"logGroupName": group},
		"PutQueryDefinition":    {"name": "q", "queryString": "fields @message"},
		"DeleteQueryDefinition": {"queryDefinitionId": "d"},
		"PutRetentionPolicy":    {"logGroupName": group, "retentionInDays": 1},
		"CreateExportTask":      {"logGroupName": group, "from": 0, "to": now, "destination": "bucket"},
	} {
		if _, err := ro.Call(ctx, op, in); !errors.Is(err, readonly.ErrRefused) {
			t.Errorf("%s under --readonly: %v, want refused", op, err)
		}
	}
	if n := sent.n.Load() - before; n != 0 {
		t.Fatalf("%d refused requests reached the server", n)
	}
}
