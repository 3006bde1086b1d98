package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// testRegion is the region every test session uses.
const testRegion = "us-east-1"

// motoInvoker returns an Invoker for service on the shared moto_server, and the server's URL.
func motoInvoker(t *testing.T, service string, opts invoke.Options) (*invoke.Invoker, string) {
	t.Helper()
	srv := motoserver.StartShared(t)
	return invoke.New(srv.AWSConfig(testRegion), loadService(t, service), opts), srv.URL
}

func loadService(t *testing.T, name string) *model.Service {
	t.Helper()
	svc, err := model.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// s3Fixture is an S3 server on loopback, counting the requests it receives: gofakes3 (the
// demo's backend), or moto (newMotoS3Fixture) so the S3 cases are not checked against the
// demo's own backend only.
type s3Fixture struct {
	url      string
	backend  *s3mem.Backend // gofakes3
	moto     *s3.Client     // moto, straight (its requests are not counted)
	mu       sync.Mutex
	requests []string // "METHOD /path?query"
}

func newS3Fixture(t *testing.T) *s3Fixture {
	t.Helper()
	f := &s3Fixture{backend: s3mem.New()}
	f.serve(t, gofakes3.New(f.backend).Server())
	return f
}

// newMotoS3Fixture is a moto server of the test's own (the cases reuse bucket names), behind
// a counting proxy.
func newMotoS3Fixture(t *testing.T) *s3Fixture {
	t.Helper()
	srv := motoserver.Start(t)
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	f := &s3Fixture{moto: s3.NewFromConfig(srv.AWSConfig(testRegion), func(o *s3.Options) { o.UsePathStyle = true })}
	f.serve(t, httputil.NewSingleHostReverseProxy(target))
	return f
}

// serve puts inner behind a loopback server that records every request.
func (f *s3Fixture) serve(t *testing.T, inner http.Handler) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		f.mu.Unlock()
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
}

// forEachS3 runs test against gofakes3 and against moto.
func forEachS3(t *testing.T, test func(t *testing.T, f *s3Fixture)) {
	t.Run("gofakes3", func(t *testing.T) { test(t, newS3Fixture(t)) })
	t.Run("moto", func(t *testing.T) { test(t, newMotoS3Fixture(t)) })
}

func (f *s3Fixture) put(t *testing.T, bucket string, keys ...string) {
	t.Helper()
	if f.moto != nil {
		f.putMoto(t, bucket, keys...)
		return
	}
	if err := f.backend.CreateBucket(bucket); err != nil && !gofakes3.IsAlreadyExists(err) {
		t.Fatal(err)
	}
	for _, k := range keys {
		body := []byte("body of " + k)
		if _, err := f.backend.PutObject(bucket, k, map[string]string{"Content-Type": "text/plain"}, bytes.NewReader(body), int64(len(body)), nil); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *s3Fixture) putMoto(t *testing.T, bucket string, keys ...string) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.moto.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err != nil {
		if _, err := f.moto.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range keys {
		if _, err := f.moto.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k),
			ContentType: aws.String("text/plain"), Body: strings.NewReader("body of " + k)}); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *s3Fixture) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func (f *s3Fixture) reset() {
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
}

func (f *s3Fixture) invoker(t *testing.T, opts invoke.Options) *invoke.Invoker {
	t.Helper()
	return invoke.New(demo.Config(f.url), loadService(t, "s3"), opts)
}

// call is `nimbus call` in-process with an inline JSON input.
func call(t *testing.T, inv *invoke.Invoker, op, input string, opts CallOptions) (stdout, stderr string, code int) {
	t.Helper()
	in, err := ParseInput(input, "")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code = Call(context.Background(), inv, op, in, opts, &out, &errOut)
	return out.String(), errOut.String(), code
}

// mustCall is call that fails the test unless the command succeeds.
func mustCall(t *testing.T, inv *invoke.Invoker, op, input string, opts CallOptions) string {
	t.Helper()
	out, errOut, code := call(t, inv, op, input, opts)
	if code != ExitOK {
		t.Fatalf("call %s %s: exit %d: %s", op, input, code, errOut)
	}
	return out
}

// awsCLI runs the AWS CLI against endpoint with dummy credentials and ISO 8601 timestamps (the
// AWS CLI v2 default, which nimbus follows) and returns its stdout.
func awsCLI(t *testing.T, endpoint string, args ...string) string {
	t.Helper()
	bin := "/root/.pyenv/shims/aws"
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("aws"); err != nil {
			needtool.Missing(t, "the AWS CLI is needed to compare output (looked at /root/.pyenv/shims/aws and PATH): %v", err)
		}
	}
	dir := t.TempDir()
	config := filepath.Join(dir, "config")
	if err := os.WriteFile(config, []byte("[default]\ncli_timestamp_format = iso8601\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append(args, "--endpoint-url", endpoint, "--output", "json")...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") { // no profile, endpoint or key of the person running the tests
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env,
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION="+testRegion,
		"AWS_CONFIG_FILE="+config, "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=",
	)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("aws %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, s)
	}
	return v
}

// uniqueName keeps tests on the shared moto server apart.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
}

func TestCallSTSGetCallerIdentityMatchesAWSCLI(t *testing.T) {
	inv, url := motoInvoker(t, "sts", invoke.Options{})
	got := mustCall(t, inv, "get-caller-identity", "", CallOptions{})
	if doc := decodeJSON(t, got); doc["Account"] != motoserver.AccountID {
		t.Errorf("Account = %v, want %s", doc["Account"], motoserver.AccountID)
	}
	if want := awsCLI(t, url, "sts", "get-caller-identity"); got != want {
		t.Errorf("nimbus call differs from aws\n--- nimbus\n%s--- aws\n%s", got, want)
	}
}

// createTable makes a DynamoDB table with a string hash key "id" through nimbus call.
func createTable(t *testing.T, inv *invoke.Invoker, name string) {
	t.Helper()
	mustCall(t, inv, "create-table", fmt.Sprintf(`{"TableName": %q,
		"AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
		"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
		"BillingMode": "PAY_PER_REQUEST"}`, name), CallOptions{})
}

func TestCallDynamoDBScanMergesPages(t *testing.T) {
	inv, url := motoInvoker(t, "dynamodb", invoke.Options{})
	table := uniqueName("scan")
	createTable(t, inv, table)
	for i, name := range []string{"ana", "bo", "cy"} {
		out := mustCall(t, inv, "PutItem", fmt.Sprintf(`{"TableName": %q, "Item": {"id": {"S": %q}, "n": {"N": "%d"}, "big": {"N": "123456789012345678901234567890"}}}`,
			table, name, i), CallOptions{})
		if out != "" {
			t.Errorf("put-item printed %q; like aws, an empty response prints nothing", out)
		}
	}

	got := mustCall(t, inv, "scan", fmt.Sprintf(`{"TableName": %q}`, table), CallOptions{PageSize: 1})
	doc := decodeJSON(t, got)
	items, _ := doc["Items"].([]any)
	if len(items) != 3 || doc["Count"] != 3.0 || doc["ScannedCount"] != 3.0 {
		t.Fatalf("scan with --page-size 1 did not merge 3 pages: %s", got)
	}
	if _, ok := doc["LastEvaluatedKey"]; ok {
		t.Errorf("a merged scan should not print LastEvaluatedKey: %s", got)
	}
	if !strings.HasPrefix(got, "{\n    \"Items\": [\n") {
		t.Errorf("the merged result key should come first, as aws prints it:\n%s", got)
	}
	want := awsCLI(t, url, "dynamodb", "scan", "--table-name", table, "--page-size", "1")
	if !reflect.DeepEqual(doc, decodeJSON(t, want)) {
		t.Errorf("nimbus call differs from aws\n--- nimbus\n%s--- aws\n%s", got, want)
	}

	// --max-items stops early with a NextToken that --starting-token resumes from.
	first := decodeJSON(t, mustCall(t, inv, "scan", fmt.Sprintf(`{"TableName": %q}`, table), CallOptions{PageSize: 1, MaxItems: 2}))
	token, _ := first["NextToken"].(string)
	if n := len(first["Items"].([]any)); n != 2 || token == "" {
		t.Fatalf("--max-items 2 gave %d items and token %q", n, token)
	}
	rest := decodeJSON(t, mustCall(t, inv, "scan", fmt.Sprintf(`{"TableName": %q}`, table), CallOptions{PageSize: 1, StartingToken: token}))
	if _, more := rest["NextToken"]; more || len(rest["Items"].([]any)) != 1 {
		t.Errorf("resuming from %q gave %v", token, rest)
	}
	ids := map[any]bool{}
	for _, page := range []map[string]any{first, rest} {
		for _, it := range page["Items"].([]any) {
			ids[it.(map[string]any)["id"].(map[string]any)["S"]] = true
		}
	}
	if len(ids) != 3 {
		t.Errorf("the two runs returned %v, want every item once", ids)
	}

	// --no-paginate sends one request: one item and the key to continue from.
	one := decodeJSON(t, mustCall(t, inv, "scan", fmt.Sprintf(`{"TableName": %q, "Limit": 1}`, table), CallOptions{NoPaginate: true}))
	if len(one["Items"].([]any)) != 1 || one["LastEvaluatedKey"] == nil {
		t.Errorf("--no-paginate with Limit 1: %v", one)
	}
}

func TestCallDynamoDBMissingTableIsAnError(t *testing.T) {
	inv, _ := motoInvoker(t, "dynamodb", invoke.Options{})
	out, errOut, code := call(t, inv, "describe-table", `{"TableName": "no-such-table"}`, CallOptions{})
	if code != ExitService || out != "" {
		t.Errorf("exit %d, stdout %q; want %d and nothing", code, out, ExitService)
	}
	for _, part := range []string{"nimbus call: An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: "} {
		if !strings.Contains(errOut, part) {
			t.Errorf("stderr %q does not say %q", errOut, part)
		}
	}
	if strings.Count(errOut, "\n") != 1 {
		t.Errorf("the error should be one line: %q", errOut)
	}
}

func TestCallValidationErrorNamesTheField(t *testing.T) {
	f := newS3Fixture(t)
	inv := invoke.New(demo.Config(f.url), loadService(t, "dynamodb"), invoke.Options{})
	_, errOut, code := call(t, inv, "put-item", `{"TableName": "t", "Itme": {}}`, CallOptions{})
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	for _, part := range []string{"Item: required", "Itme: unknown field", "nothing was sent"} {
		if !strings.Contains(errOut, part) {
			t.Errorf("stderr %q does not say %q", errOut, part)
		}
	}
	if seen := f.seen(); len(seen) != 0 {
		t.Errorf("an invalid input reached the server: %v", seen)
	}
}

func TestCallReadOnlyRefusesBeforeSending(t *testing.T) {
	f := newS3Fixture(t)
	inv := f.invoker(t, invoke.Options{ReadOnly: true})
	for _, tc := range []struct{ op, input string }{
		{"create-bucket", `{"Bucket": "new"}`},
		{"PutObject", `{"Bucket": "b", "Key": "k", "Body": "x"}`},
		{"delete-bucket", `{"Bucket": "b"}`},
	} {
		out, errOut, code := call(t, inv, tc.op, tc.input, CallOptions{})
		if code != ExitConfig || out != "" {
			t.Errorf("%s under --readonly: exit %d, stdout %q", tc.op, code, out)
		}
		if !strings.Contains(errOut, "refused in read-only mode") || !strings.Contains(errOut, "without --readonly") {
			t.Errorf("%s: stderr %q should say it was refused and how to allow it", tc.op, errOut)
		}
	}
	if seen := f.seen(); len(seen) != 0 {
		t.Errorf("refused calls reached the server: %v", seen)
	}
	// Reading is still allowed.
	f.put(t, "b", "k")
	if out := mustCall(t, inv, "list-objects-v2", `{"Bucket": "b"}`, CallOptions{}); !strings.Contains(out, `"Key": "k"`) {
		t.Errorf("a read under --readonly printed %s", out)
	}
}

func TestCallS3ListObjectsV2MatchesAWSCLI(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		f.put(t, "photos", "a.jpg", "b.jpg", "dir/c.jpg", "dir/d.jpg", "e \"quoted\" ü.jpg")
		inv := f.invoker(t, invoke.Options{})

		cases := []struct {
			name     string
			input    string
			opts     CallOptions
			aws      []string
			requests int
		}{
			{name: "paginated", input: `{"Bucket": "photos"}`, opts: CallOptions{PageSize: 2},
				aws: []string{"--bucket", "photos", "--page-size", "2"}, requests: 3},
			{name: "max items", input: `{"Bucket": "photos"}`, opts: CallOptions{PageSize: 2, MaxItems: 3},
				aws: []string{"--bucket", "photos", "--page-size", "2", "--max-items", "3"}, requests: 2},
			{name: "delimiter", input: `{"Bucket": "photos", "Delimiter": "/"}`, opts: CallOptions{},
				aws: []string{"--bucket", "photos", "--delimiter", "/"}, requests: 1},
			{name: "no paginate", input: `{"Bucket": "photos", "MaxKeys": 2}`, opts: CallOptions{NoPaginate: true},
				aws: []string{"--bucket", "photos", "--max-keys", "2", "--no-paginate"}, requests: 1},
			{name: "query", input: `{"Bucket": "photos"}`, opts: CallOptions{PageSize: 2, Query: "Contents[?Size > `15`].{k: Key, s: Size}"},
				aws: []string{"--bucket", "photos", "--page-size", "2", "--query", "Contents[?Size > `15`].{k: Key, s: Size}"}, requests: 3},
			{name: "query scalar", input: `{"Bucket": "photos"}`, opts: CallOptions{Query: "length(Contents)"},
				aws: []string{"--bucket", "photos", "--query", "length(Contents)"}, requests: 1},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f.reset()
				got := mustCall(t, inv, "list-objects-v2", tc.input, tc.opts)
				if n := len(f.seen()); n != tc.requests {
					t.Errorf("%d requests, want %d: %v", n, tc.requests, f.seen())
				}
				want := awsCLI(t, f.url, append([]string{"s3api", "list-objects-v2"}, tc.aws...)...)
				// botocore's tokens are base64 of JSON written with ", " and ": ": compare what they hold.
				if got, want := canonicalTokens(t, got), canonicalTokens(t, want); got != want {
					t.Errorf("nimbus call differs from aws\n--- nimbus\n%s--- aws\n%s", got, want)
				}
			})
		}
	})
}

var nextTokenLine = regexp.MustCompile(`"NextToken": "([^"]*)"`)

// canonicalTokens rewrites every NextToken of a printed output as the compact JSON it encodes.
func canonicalTokens(t *testing.T, out string) string {
	return nextTokenLine.ReplaceAllStringFunc(out, func(line string) string {
		raw, err := base64.StdEncoding.DecodeString(nextTokenLine.FindStringSubmatch(line)[1])
		if err != nil {
			t.Errorf("NextToken is not base64: %s", line)
			return line
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Errorf("NextToken does not hold JSON: %s", raw)
			return line
		}
		canon, _ := json.Marshal(v)
		return fmt.Sprintf("%q: %q", "NextToken", canon)
	})
}

// A NextToken printed by the AWS CLI resumes a nimbus listing, and the other way round.
func TestCallS3TokensWorkWithTheAWSCLI(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		f.put(t, "bkt", "k1", "k2", "k3", "k4", "k5")
		inv := f.invoker(t, invoke.Options{})
		awsFirst := decodeJSON(t, awsCLI(t, f.url, "s3api", "list-objects-v2", "--bucket", "bkt", "--page-size", "2", "--max-items", "3"))
		rest := decodeJSON(t, mustCall(t, inv, "list-objects-v2", `{"Bucket": "bkt"}`, CallOptions{StartingToken: awsFirst["NextToken"].(string)}))
		if keys := contentKeys(rest); !reflect.DeepEqual(keys, []string{"k4", "k5"}) {
			t.Errorf("resuming from the AWS CLI's token listed %v", keys)
		}
		ours := decodeJSON(t, mustCall(t, inv, "list-objects-v2", `{"Bucket": "bkt"}`, CallOptions{PageSize: 2, MaxItems: 3}))
		awsRest := decodeJSON(t, awsCLI(t, f.url, "s3api", "list-objects-v2", "--bucket", "bkt", "--starting-token", ours["NextToken"].(string)))
		if keys := contentKeys(awsRest); !reflect.DeepEqual(keys, []string{"k4", "k5"}) {
			t.Errorf("the AWS CLI resuming from nimbus's token listed %v", keys)
		}
	})
}

func contentKeys(doc map[string]any) []string {
	var keys []string
	contents, _ := doc["Contents"].([]any)
	for _, c := range contents {
		keys = append(keys, c.(map[string]any)["Key"].(string))
	}
	return keys
}

func TestCallS3ResumesFromStartingToken(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		keys := []string{"k1", "k2", "k3", "k4", "k5"}
		f.put(t, "bkt", keys...)
		inv := f.invoker(t, invoke.Options{})
		var got []string
		token := ""
		for range 5 {
			doc := decodeJSON(t, mustCall(t, inv, "ListObjectsV2", `{"Bucket": "bkt"}`, CallOptions{PageSize: 2, MaxItems: 2, StartingToken: token}))
			got = append(got, contentKeys(doc)...)
			token, _ = doc["NextToken"].(string)
			if token == "" {
				break
			}
		}
		if !reflect.DeepEqual(got, keys) {
			t.Errorf("resuming with --starting-token listed %v, want %v", got, keys)
		}
	})
}

func TestCallUsageErrorsSendNothing(t *testing.T) {
	f := newS3Fixture(t)
	s3inv := f.invoker(t, invoke.Options{})
	stsInv := invoke.New(demo.Config(f.url), loadService(t, "sts"), invoke.Options{})
	cases := []struct {
		name  string
		inv   *invoke.Invoker
		op    string
		opts  CallOptions
		parts []string
	}{
		{"unknown operation", s3inv, "list-object-v2", CallOptions{}, []string{"s3 has no operation list-object-v2", "did you mean list-objects-v2?", "nimbus operations s3"}},
		{"no paginate and page size", s3inv, "list-objects-v2", CallOptions{NoPaginate: true, PageSize: 2, MaxItems: 1}, []string{"cannot use --no-paginate with --page-size, --max-items"}},
		{"paging an unpaginated operation", stsInv, "get-caller-identity", CallOptions{StartingToken: "x"}, []string{"sts GetCallerIdentity has no paginator: drop --starting-token"}},
		{"negative page size", s3inv, "list-objects-v2", CallOptions{PageSize: -1}, []string{"must be positive"}},
		{"bad query", s3inv, "list-objects-v2", CallOptions{Query: "Contents[?"}, []string{"--query Contents[? is not a JMESPath expression"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := call(t, tc.inv, tc.op, `{"Bucket": "b"}`, tc.opts)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			for _, part := range tc.parts {
				if !strings.Contains(errOut, part) {
					t.Errorf("stderr %q does not say %q", errOut, part)
				}
			}
		})
	}
	if seen := f.seen(); len(seen) != 0 {
		t.Errorf("usage errors reached the server: %v", seen)
	}
}

func TestCallEmptyQueryResultPrintsNull(t *testing.T) {
	f := newS3Fixture(t)
	f.put(t, "b", "k")
	inv := f.invoker(t, invoke.Options{})
	if out := mustCall(t, inv, "list-objects-v2", `{"Bucket": "b"}`, CallOptions{Query: "NoSuchKey"}); out != "null\n" {
		t.Errorf("a query that finds nothing printed %q, want null (as aws does)", out)
	}
}

func TestCallUnreachableEndpointSaysWhatToDo(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	inv := invoke.New(demo.Config(url), loadService(t, "sts"), invoke.Options{
		Retryer: aws.NopRetryer{}, // one attempt is enough to see the refusal
	})
	out, errOut, code := call(t, inv, "get-caller-identity", "", CallOptions{})
	if code != ExitError || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "cannot reach") || !strings.Contains(errOut, "--endpoint-url") || strings.Contains(errOut, "(r)") {
		t.Errorf("stderr %q should say the endpoint cannot be reached, without the TUI's key hints", errOut)
	}
}

// The command line words sessionmgr's advice with flags; it used to undo the TUI's words in it
// with a string replacer, which missed any hint it did not list.
func TestExplainWordsHintsAsFlags(t *testing.T) {
	err := &smithy.OperationError{ServiceID: "STS", OperationName: "GetCallerIdentity",
		Err: &smithy.GenericAPIError{Code: "InvalidClientTokenId", Message: "bad"}}
	got := Explain(err)
	for _, want := range []string{"credentials rejected (InvalidClientTokenId)", "choose another profile (--profile)", "choose another region (--region)"} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain = %q, want it to contain %q", got, want)
		}
	}
	if strings.Contains(got, ":profile") || strings.Contains(got, ":region") || strings.Contains(got, "(r)") {
		t.Errorf("Explain = %q holds the TUI's commands or keys", got)
	}
}

func TestCallPrintsInputWarningsOnce(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		f.put(t, "bkt", "k1", "k2", "k3")
		var errOut bytes.Buffer
		inv := invoke.New(demo.Config(f.url), loadService(t, "s3"), invoke.Options{Logger: WarningLogger(nil, "call", &errOut)})
		in, err := ParseInput(`{"Bucket": "bkt", "RequestPayer": "somebody"}`, "")
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if code := Call(context.Background(), inv, "list-objects-v2", in, CallOptions{PageSize: 1}, &out, &errOut); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		if n := len(f.seen()); n != 3 {
			t.Errorf("%d requests, want 3 pages", n)
		}
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], "nimbus call: warning: ") || !strings.Contains(lines[0], "somebody") {
			t.Errorf("want one warning line about the unknown enum value, got %q", errOut.String())
		}
	})
}

// An integer beyond 2^53 reaches the wire exactly: ParseInput keeps it as json.Number.
func TestCallSendsBigIntegersExactly(t *testing.T) {
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Requestid", "rid")
		fmt.Fprint(w, `{"events": [], "nextForwardToken": "f/1", "nextBackwardToken": "b/1"}`)
	}))
	t.Cleanup(srv.Close)
	inv := invoke.New(demo.Config(srv.URL), loadService(t, "logs"), invoke.Options{})
	out := mustCall(t, inv, "get-log-events", `{"logGroupName": "g", "logStreamName": "s", "startTime": 9007199254740993}`, CallOptions{NoPaginate: true})
	if !strings.Contains(string(body), `"startTime":9007199254740993`) {
		t.Errorf("request body %s does not carry startTime exactly", body)
	}
	want := "{\n    \"events\": [],\n    \"nextForwardToken\": \"f/1\",\n    \"nextBackwardToken\": \"b/1\"\n}\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestCallOutfileMatchesAWSCLI(t *testing.T) {
	forEachS3(t, func(t *testing.T, f *s3Fixture) {
		f.put(t, "bkt", "doc.txt")
		inv := f.invoker(t, invoke.Options{})
		dir := t.TempDir()
		ours, theirs := filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
		got := mustCall(t, inv, "get-object", `{"Bucket": "bkt", "Key": "doc.txt"}`, CallOptions{Outfile: ours})
		want := awsCLI(t, f.url, "s3api", "get-object", "--bucket", "bkt", "--key", "doc.txt", theirs)
		if got != want {
			t.Errorf("nimbus call differs from aws\n--- nimbus\n%s--- aws\n%s", got, want)
		}
		for _, path := range []string{ours, theirs} {
			if body, err := os.ReadFile(path); err != nil || string(body) != "body of doc.txt" {
				t.Errorf("%s holds %q (%v)", path, body, err)
			}
		}
		if strings.Contains(got, `"Body"`) {
			t.Errorf("the body was printed as well as written: %s", got)
		}

		_, errOut, code := call(t, inv, "list-objects-v2", `{"Bucket": "bkt"}`, CallOptions{Outfile: ours})
		if code != ExitUsage || !strings.Contains(errOut, "no streaming output") {
			t.Errorf("--outfile on list-objects-v2: exit %d, %q", code, errOut)
		}
	})
}

func TestCallCancelled(t *testing.T) {
	f := newS3Fixture(t)
	f.put(t, "b", "k")
	inv := f.invoker(t, invoke.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := Call(ctx, inv, "list-objects-v2", map[string]any{"Bucket": "b"}, CallOptions{}, &out, &errOut)
	if code != ExitInterrupted || out.Len() != 0 || !strings.Contains(errOut.String(), "cancelled") {
		t.Errorf("exit %d, stdout %q, stderr %q: want a cancelled call", code, out.String(), errOut.String())
	}
}

// A query that selects a structure prints it in the model's order, as aws does.
func TestCallQueryMatchesAWSCLI(t *testing.T) {
	inv, url := motoInvoker(t, "ec2", invoke.Options{})
	id := runInstance(t, inv)
	input := fmt.Sprintf(`{"InstanceIds": [%q]}`, id)
	for _, q := range []string{
		"Reservations[0].Instances[0].Placement",
		"Reservations[].Instances[].[InstanceId, State.Code, State.Name, LaunchTime, EbsOptimized]",
		"Reservations[0].Instances[0].{z: AmiLaunchIndex, b: Placement, a: State}",
		// The AWS docs' literals: `running` is the string "running" (jmespath.py's reading).
		"Reservations[].Instances[?State.Name==`running`].InstanceId",
		"Reservations[].Instances[?State.Name != `stopped` && EbsOptimized == `false`].[InstanceId, `a label`]",
	} {
		got := mustCall(t, inv, "describe-instances", input, CallOptions{Query: q})
		want := awsCLI(t, url, "ec2", "describe-instances", "--instance-ids", id, "--query", q)
		if got != want {
			t.Errorf("--query %s differs from aws\n--- nimbus\n%s--- aws\n%s", q, got, want)
		}
	}
}
