package invoke

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Wire-equivalence goldens: the generic request must equal what the typed SDK client sends for
// the same input (method, host, path, query, significant headers, body). They guard the pinned
// smithy-go codecs: an SDK upgrade that changes the wire shows up here.

const goldenRegion = "us-west-2"

func goldenConfig(rec aws.HTTPClient) aws.Config {
	return aws.Config{
		Region:           goldenRegion,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret-example", ""),
		HTTPClient:       rec,
		RetryMaxAttempts: 1,
	}
}

// insignificant headers differ between any two sends (time, signature, SDK identity).
var insignificant = map[string]bool{
	"Authorization": true, "X-Amz-Date": true, "User-Agent": true, "X-Amz-User-Agent": true,
	"Amz-Sdk-Invocation-Id": true, "Amz-Sdk-Request": true, "Accept-Encoding": true,
}

type wireCase struct {
	name    string
	service string
	op      string
	input   map[string]any
	typed   func(ctx context.Context, cfg aws.Config) // sends the same request with the typed client
	resp    string                                    // canned response body for both
	// unorderedMaps compares JSON bodies as values: the typed client writes a Go map with several
	// keys in random order.
	unorderedMaps bool
	// botocorePath is the path we send where botocore's model differs from the Smithy model the
	// typed client was generated from (boto3 sends the same as we do).
	botocorePath string
}

func wireCases() []wireCase {
	ts := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	return []wireCase{
		// awsJson 1.0
		{name: "dynamodb PutItem", service: "dynamodb", op: "PutItem",
			input: map[string]any{"TableName": "Music", "Item": map[string]any{
				"Artist": map[string]any{"S": "No One You Know"},
				"Year":   map[string]any{"N": "2019"},
				"Tags":   map[string]any{"SS": []any{"a", "b"}},
				"Cover":  map[string]any{"B": []byte("png-bytes")},
			}, "ConditionExpression": "attribute_not_exists(Artist)", "ReturnValues": "NONE"},
			typed: func(ctx context.Context, cfg aws.Config) {
				dynamodb.NewFromConfig(cfg).PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Music"),
					Item: map[string]ddbtypes.AttributeValue{
						"Artist": &ddbtypes.AttributeValueMemberS{Value: "No One You Know"},
						"Year":   &ddbtypes.AttributeValueMemberN{Value: "2019"},
						"Tags":   &ddbtypes.AttributeValueMemberSS{Value: []string{"a", "b"}},
						"Cover":  &ddbtypes.AttributeValueMemberB{Value: []byte("png-bytes")},
					}, ConditionExpression: aws.String("attribute_not_exists(Artist)"), ReturnValues: ddbtypes.ReturnValueNone})
			}, resp: "{}", unorderedMaps: true},
		{name: "dynamodb Query", service: "dynamodb", op: "Query",
			input: map[string]any{"TableName": "Music", "KeyConditionExpression": "Artist = :a",
				"ExpressionAttributeValues": map[string]any{":a": map[string]any{"S": "X"}},
				"Limit":                     10, "ScanIndexForward": false, "ConsistentRead": true},
			typed: func(ctx context.Context, cfg aws.Config) {
				dynamodb.NewFromConfig(cfg).Query(ctx, &dynamodb.QueryInput{TableName: aws.String("Music"),
					KeyConditionExpression:    aws.String("Artist = :a"),
					ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":a": &ddbtypes.AttributeValueMemberS{Value: "X"}},
					Limit:                     aws.Int32(10), ScanIndexForward: aws.Bool(false), ConsistentRead: aws.Bool(true)})
			}, resp: `{"Count":0,"Items":[],"ScannedCount":0}`},
		{name: "dynamodb CreateTable", service: "dynamodb", op: "CreateTable",
			input: map[string]any{"TableName": "Music", "BillingMode": "PAY_PER_REQUEST",
				"AttributeDefinitions": []any{map[string]any{"AttributeName": "Artist", "AttributeType": "S"}},
				"KeySchema":            []any{map[string]any{"AttributeName": "Artist", "KeyType": "HASH"}},
				"Tags":                 []any{map[string]any{"Key": "env", "Value": "test"}}},
			typed: func(ctx context.Context, cfg aws.Config) {
				dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("Music"),
					BillingMode:          ddbtypes.BillingModePayPerRequest,
					AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("Artist"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
					KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("Artist"), KeyType: ddbtypes.KeyTypeHash}},
					Tags:                 []ddbtypes.Tag{{Key: aws.String("env"), Value: aws.String("test")}}})
			}, resp: "{}"},
		// awsJson 1.0, query-compatible
		{name: "sqs CreateQueue", service: "sqs", op: "CreateQueue",
			input: map[string]any{"QueueName": "jobs", "Attributes": map[string]any{"VisibilityTimeout": "30"},
				"tags": map[string]any{"team": "a"}},
			typed: func(ctx context.Context, cfg aws.Config) {
				sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("jobs"),
					Attributes: map[string]string{"VisibilityTimeout": "30"}, Tags: map[string]string{"team": "a"}})
			}, resp: `{"QueueUrl":"http://q"}`},
		// awsQuery
		{name: "sts GetCallerIdentity", service: "sts", op: "GetCallerIdentity", input: map[string]any{},
			typed: func(ctx context.Context, cfg aws.Config) {
				sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			}, resp: `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`},
		{name: "sts AssumeRole", service: "sts", op: "AssumeRole",
			input: map[string]any{"RoleArn": "arn:aws:iam::123456789012:role/Admin", "RoleSessionName": "ana",
				"DurationSeconds": 900, "Tags": []any{map[string]any{"Key": "k", "Value": "v w"}},
				"PolicyArns":        []any{map[string]any{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
				"TransitiveTagKeys": []any{}},
			typed: func(ctx context.Context, cfg aws.Config) {
				sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/Admin"),
					RoleSessionName: aws.String("ana"), DurationSeconds: aws.Int32(900),
					Tags:              []ststypes.Tag{{Key: aws.String("k"), Value: aws.String("v w")}},
					PolicyArns:        []ststypes.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
					TransitiveTagKeys: []string{}})
			}, resp: `<AssumeRoleResponse><AssumeRoleResult></AssumeRoleResult></AssumeRoleResponse>`},
		{name: "sts GetSessionToken", service: "sts", op: "GetSessionToken",
			input: map[string]any{"DurationSeconds": 3600, "SerialNumber": "arn:aws:iam::1:mfa/ana", "TokenCode": "123456"},
			typed: func(ctx context.Context, cfg aws.Config) {
				sts.NewFromConfig(cfg).GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(3600),
					SerialNumber: aws.String("arn:aws:iam::1:mfa/ana"), TokenCode: aws.String("123456")})
			}, resp: `<GetSessionTokenResponse><GetSessionTokenResult></GetSessionTokenResult></GetSessionTokenResponse>`},
		// restJson1
		{name: "lambda Invoke", service: "lambda", op: "Invoke",
			input: map[string]any{"FunctionName": "my-fn", "InvocationType": "RequestResponse", "LogType": "Tail",
				"Payload": []byte(`{"hello":"world"}`), "Qualifier": "prod"},
			typed: func(ctx context.Context, cfg aws.Config) {
				lambda.NewFromConfig(cfg).Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("my-fn"),
					InvocationType: lambdatypes.InvocationTypeRequestResponse, LogType: lambdatypes.LogTypeTail,
					Payload: []byte(`{"hello":"world"}`), Qualifier: aws.String("prod")})
			}, resp: `{}`},
		{name: "lambda ListFunctions", service: "lambda", op: "ListFunctions",
			input: map[string]any{"MaxItems": 5, "Marker": "abc/def", "FunctionVersion": "ALL"},
			typed: func(ctx context.Context, cfg aws.Config) {
				lambda.NewFromConfig(cfg).ListFunctions(ctx, &lambda.ListFunctionsInput{MaxItems: aws.Int32(5),
					Marker: aws.String("abc/def"), FunctionVersion: lambdatypes.FunctionVersionAll})
			}, resp: `{"Functions":[]}`},
		{name: "lambda CreateFunction", service: "lambda", op: "CreateFunction",
			input: map[string]any{"FunctionName": "fn", "Runtime": "python3.12", "Role": "arn:aws:iam::1:role/r",
				"Handler": "app.handler", "Code": map[string]any{"ZipFile": []byte("PK-zip")}, "Timeout": 30,
				"Environment": map[string]any{"Variables": map[string]any{"A": "1"}}, "Tags": map[string]any{"t": "v"}},
			typed: func(ctx context.Context, cfg aws.Config) {
				lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("fn"),
					Runtime: lambdatypes.RuntimePython312, Role: aws.String("arn:aws:iam::1:role/r"), Handler: aws.String("app.handler"),
					Code: &lambdatypes.FunctionCode{ZipFile: []byte("PK-zip")}, Timeout: aws.Int32(30),
					Environment: &lambdatypes.Environment{Variables: map[string]string{"A": "1"}}, Tags: map[string]string{"t": "v"}})
			}, resp: `{}`},
		{name: "lambda TagResource (timestamps absent, path label)", service: "lambda", op: "ListVersionsByFunction",
			input: map[string]any{"FunctionName": "arn:aws:lambda:us-west-2:1:function:fn", "MaxItems": 2},
			typed: func(ctx context.Context, cfg aws.Config) {
				lambda.NewFromConfig(cfg).ListVersionsByFunction(ctx, &lambda.ListVersionsByFunctionInput{
					FunctionName: aws.String("arn:aws:lambda:us-west-2:1:function:fn"), MaxItems: aws.Int32(2)})
			}, resp: `{}`},
		// restXml
		{name: "s3 ListObjectsV2", service: "s3", op: "ListObjectsV2",
			input: map[string]any{"Bucket": "photos", "Prefix": "2024/01 raw/", "Delimiter": "/", "MaxKeys": 100,
				"ContinuationToken": "tok+/=", "FetchOwner": true},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("photos"),
					Prefix: aws.String("2024/01 raw/"), Delimiter: aws.String("/"), MaxKeys: aws.Int32(100),
					ContinuationToken: aws.String("tok+/="), FetchOwner: aws.Bool(true),
					EncodingType: s3types.EncodingTypeUrl}) // the invoker asks for it as botocore does
			}, resp: `<ListBucketResult></ListBucketResult>`},
		{name: "s3 GetObject", service: "s3", op: "GetObject",
			input: map[string]any{"Bucket": "photos", "Key": "a b/c+d.jpg", "Range": "bytes=0-9", "VersionId": "v1",
				"IfModifiedSince": ts},
			typed: func(ctx context.Context, cfg aws.Config) {
				out, err := s3.NewFromConfig(cfg).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("photos"),
					Key: aws.String("a b/c+d.jpg"), Range: aws.String("bytes=0-9"), VersionId: aws.String("v1"),
					IfModifiedSince: aws.Time(ts)})
				if err == nil {
					out.Body.Close()
				}
			}, resp: `data`},
		{name: "s3 PutObject", service: "s3", op: "PutObject",
			input: map[string]any{"Bucket": "photos", "Key": "k.txt", "Body": []byte("hello"), "ContentType": "text/plain",
				"Metadata": map[string]any{"owner": "ana"}, "StorageClass": "STANDARD_IA"},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("k.txt"),
					Body: bytes.NewReader([]byte("hello")), ContentType: aws.String("text/plain"),
					Metadata: map[string]string{"owner": "ana"}, StorageClass: s3types.StorageClassStandardIa})
			}, resp: ``},
		{name: "s3 PutBucketTagging", service: "s3", op: "PutBucketTagging",
			input: map[string]any{"Bucket": "photos", "Tagging": map[string]any{"TagSet": []any{
				map[string]any{"Key": "a", "Value": "1"}, map[string]any{"Key": "b", "Value": "<2>"}}}},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("photos"),
					Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("a"), Value: aws.String("1")},
						{Key: aws.String("b"), Value: aws.String("<2>")}}}})
			}, resp: ``},
		{name: "s3 CreateBucket", service: "s3", op: "CreateBucket", input: map[string]any{"Bucket": "photos"},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos")})
			}},
		{name: "s3 CreateBucket with configuration", service: "s3", op: "CreateBucket",
			input: map[string]any{"Bucket": "photos", "ACL": "private",
				"CreateBucketConfiguration": map[string]any{"LocationConstraint": "eu-west-1"}},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos"), ACL: s3types.BucketCannedACLPrivate,
					CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}})
			}},
		{name: "route53 ListHostedZones", service: "route53", op: "ListHostedZones",
			input: map[string]any{"MaxItems": "10", "Marker": "Z1"},
			typed: func(ctx context.Context, cfg aws.Config) {
				route53.NewFromConfig(cfg).ListHostedZones(ctx, &route53.ListHostedZonesInput{MaxItems: aws.Int32(10), Marker: aws.String("Z1")})
			}, resp: `<ListHostedZonesResponse></ListHostedZonesResponse>`},
		{name: "route53 GetHostedZone (full id)", service: "route53", op: "GetHostedZone",
			input: map[string]any{"Id": "/hostedzone/Z123"},
			typed: func(ctx context.Context, cfg aws.Config) {
				route53.NewFromConfig(cfg).GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String("/hostedzone/Z123")})
			}, resp: `<GetHostedZoneResponse></GetHostedZoneResponse>`},
		{name: "route53 ChangeResourceRecordSets", service: "route53", op: "ChangeResourceRecordSets",
			input: map[string]any{"HostedZoneId": "Z123", "ChangeBatch": map[string]any{"Comment": "add www",
				"Changes": []any{map[string]any{"Action": "UPSERT", "ResourceRecordSet": map[string]any{
					"Name": "www.example.com.", "Type": "A", "TTL": 300,
					"ResourceRecords": []any{map[string]any{"Value": "192.0.2.1"}}}}}}},
			typed: func(ctx context.Context, cfg aws.Config) {
				route53.NewFromConfig(cfg).ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{
					HostedZoneId: aws.String("Z123"), ChangeBatch: &r53types.ChangeBatch{Comment: aws.String("add www"),
						Changes: []r53types.Change{{Action: r53types.ChangeActionUpsert, ResourceRecordSet: &r53types.ResourceRecordSet{
							Name: aws.String("www.example.com."), Type: r53types.RRTypeA, TTL: aws.Int64(300),
							ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("192.0.2.1")}}}}}}})
			}, resp: `<ChangeResourceRecordSetsResponse></ChangeResourceRecordSetsResponse>`,
			botocorePath: "/2013-04-01/hostedzone/Z123/rrset/"},
		{name: "s3 PutObjectAcl (xsi namespace)", service: "s3", op: "PutObjectAcl",
			input: map[string]any{"Bucket": "photos", "Key": "k", "AccessControlPolicy": map[string]any{
				"Owner":  map[string]any{"ID": "owner-id"},
				"Grants": []any{map[string]any{"Permission": "READ", "Grantee": map[string]any{"Type": "CanonicalUser", "ID": "grantee-id"}}}}},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).PutObjectAcl(ctx, &s3.PutObjectAclInput{Bucket: aws.String("photos"), Key: aws.String("k"),
					AccessControlPolicy: &s3types.AccessControlPolicy{Owner: &s3types.Owner{ID: aws.String("owner-id")},
						Grants: []s3types.Grant{{Permission: s3types.PermissionRead, Grantee: &s3types.Grantee{
							Type: s3types.TypeCanonicalUser, ID: aws.String("grantee-id")}}}}})
			}},
		{name: "s3 DeleteObjects", service: "s3", op: "DeleteObjects",
			input: map[string]any{"Bucket": "photos", "Delete": map[string]any{"Quiet": true, "Objects": []any{
				map[string]any{"Key": "a"}, map[string]any{"Key": "b", "VersionId": "2"}}}},
			typed: func(ctx context.Context, cfg aws.Config) {
				s3.NewFromConfig(cfg).DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String("photos"),
					Delete: &s3types.Delete{Quiet: aws.Bool(true), Objects: []s3types.ObjectIdentifier{{Key: aws.String("a")},
						{Key: aws.String("b"), VersionId: aws.String("2")}}}})
			}, resp: `<DeleteResult></DeleteResult>`},
	}
}

func TestWireMatchesTypedClients(t *testing.T) {
	ctx := context.Background()
	models := map[string]*Invoker{}
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			typedRec := &recorder{body: tc.resp}
			tc.typed(ctx, goldenConfig(typedRec))
			want := typedRec.last(t)

			genRec := &recorder{body: tc.resp}
			inv := models[tc.service]
			if inv == nil {
				inv = New(goldenConfig(genRec), loadModel(t, tc.service), Options{})
				models[tc.service] = inv
			}
			inv.http = genRec
			res, err := inv.Invoke(ctx, tc.op, tc.input)
			if err != nil {
				t.Logf("generic call: %v (the request is what matters here)", err)
			} else if res.Body != nil {
				res.Body.Close()
			}
			got := genRec.last(t)
			if tc.botocorePath != "" && got.Path == tc.botocorePath {
				want.Path = got.Path
			}
			dropDefaultChecksums(got, want)
			compareWire(t, got, want, tc.unorderedMaps)
		})
	}
}

// TestCompactModelSendsWhatBotocoreModelSends checks that the embedded compact models lost
// nothing the wire needs: each golden request built from the original botocore JSON is the same.
func TestCompactModelSendsWhatBotocoreModelSends(t *testing.T) {
	ctx := context.Background()
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			var reqs [2]recordedRequest
			for i, svc := range []*model.Service{loadModel(t, tc.service), loadBotocoreModel(t, tc.service)} {
				rec := &recorder{body: tc.resp}
				res, err := New(goldenConfig(rec), svc, Options{}).Invoke(ctx, tc.op, tc.input)
				if err == nil && res.Body != nil {
					res.Body.Close()
				}
				reqs[i] = rec.last(t)
			}
			compareWire(t, reqs[0], reqs[1], false)
		})
	}
}

// TestWireMatchesCLI compares query-protocol requests with the bodies the AWS CLI sent for the
// same commands (testdata/*_cli_requests.jsonl): the typed EC2 client is too big to link, and
// IAM's is not in go.mod.
func TestWireMatchesCLI(t *testing.T) {
	suites := []struct {
		service, golden, host string
		inputs                map[string]map[string]any
	}{
		{"ec2", "testdata/ec2_cli_requests.jsonl", "ec2.us-west-2.amazonaws.com", map[string]map[string]any{
			"DescribeInstances": {"MaxResults": 5, "Filters": []any{
				map[string]any{"Name": "instance-state-name", "Values": []any{"running", "stopped"}},
				map[string]any{"Name": "tag:Env", "Values": []any{"prod"}}}},
			"StopInstances": {"InstanceIds": []any{"i-1", "i-2"}, "Force": true},
			"RunInstances": {"ImageId": "ami-12345678", "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 2,
				"ClientToken": "tok-1", "TagSpecifications": []any{map[string]any{"ResourceType": "instance",
					"Tags": []any{map[string]any{"Key": "Name", "Value": "web"}}}}},
		}},
		{"iam", "testdata/iam_cli_requests.jsonl", "iam.amazonaws.com", map[string]map[string]any{
			"CreateUser": {"UserName": "ana", "Path": "/team/", "Tags": []any{
				map[string]any{"Key": "team", "Value": "core"}, map[string]any{"Key": "cost", "Value": "42"}}},
			"ListUsers":        {"PathPrefix": "/team/", "MaxItems": 5},
			"AttachRolePolicy": {"RoleName": "Admin", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
			"PutRolePolicy": {"RoleName": "Admin", "PolicyName": "inline",
				"PolicyDocument": `{"Version":"2012-10-17","Statement":[]}`},
		}},
	}
	for _, suite := range suites {
		golden := readCLIGolden(t, suite.golden)
		rec := &recorder{}
		inv := New(goldenConfig(rec), loadModel(t, suite.service), Options{})
		for op, input := range suite.inputs {
			t.Run(suite.service+" "+op, func(t *testing.T) {
				want, ok := golden[op]
				if !ok {
					t.Fatalf("no CLI golden for %s", op)
				}
				_, _ = inv.Invoke(context.Background(), op, input)
				got := rec.last(t)
				if got.Method != http.MethodPost || got.Path != "/" || got.Host != suite.host {
					t.Errorf("request line: %s %s%s", got.Method, got.Host, got.Path)
				}
				if ct := got.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
					t.Errorf("Content-Type %q", ct)
				}
				compareForms(t, string(got.Body), want)
			})
		}
	}
}

// readCLIGolden maps each recorded request's Action to its body.
func readCLIGolden(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct{ Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		form, _ := url.ParseQuery(rec.Body)
		golden[form.Get("Action")] = rec.Body
	}
	return golden
}

// dropDefaultChecksums removes from got the checksum headers the invoker sends by default, as
// botocore does (request_checksum_calculation and response_checksum_validation when_supported;
// TestChecksumsAsBotocore checks them), where the typed client in its default configuration
// sends none.
func dropDefaultChecksums(got, want recordedRequest) {
	for k := range got.Header {
		lk := strings.ToLower(k)
		if (lk == "x-amz-checksum-mode" || lk == "x-amz-sdk-checksum-algorithm" || strings.HasPrefix(lk, "x-amz-checksum-")) &&
			want.Header.Get(k) == "" {
			got.Header.Del(k)
		}
	}
}

func compareWire(t *testing.T, got, want recordedRequest, unorderedMaps bool) {
	t.Helper()
	if got.Method != want.Method {
		t.Errorf("method: got %s, want %s", got.Method, want.Method)
	}
	if got.Host != want.Host {
		t.Errorf("host: got %s, want %s", got.Host, want.Host)
	}
	if got.Path != want.Path {
		t.Errorf("path: got %s, want %s", got.Path, want.Path)
	}
	gq, _ := url.ParseQuery(got.Query)
	wq, _ := url.ParseQuery(want.Query)
	if !reflect.DeepEqual(gq, wq) {
		t.Errorf("query: got %q, want %q", got.Query, want.Query)
	}
	for _, k := range headerNames(got.Header, want.Header) {
		if insignificant[k] {
			continue
		}
		g, w := strings.Join(got.Header.Values(k), ","), strings.Join(want.Header.Values(k), ",")
		if g != w {
			t.Errorf("header %s: got %q, want %q", k, g, w)
		}
	}
	if unorderedMaps {
		var g, w any
		if json.Unmarshal(got.Body, &g) != nil || json.Unmarshal(want.Body, &w) != nil || !reflect.DeepEqual(g, w) {
			t.Errorf("JSON body:\n got %s\nwant %s", got.Body, want.Body)
		}
		return
	}
	if !bytes.Equal(got.Body, want.Body) {
		t.Errorf("body:\n got %s\nwant %s", got.Body, want.Body)
	}
}

func compareForms(t *testing.T, got, want string) {
	t.Helper()
	g, err1 := url.ParseQuery(got)
	w, err2 := url.ParseQuery(want)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(g, w) {
		t.Errorf("form body:\n got %s\nwant %s", got, want)
	}
}

func headerNames(hs ...http.Header) []string {
	seen := map[string]bool{}
	for _, h := range hs {
		for k := range h {
			seen[http.CanonicalHeaderKey(k)] = true
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
