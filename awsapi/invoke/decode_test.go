package invoke

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRestJSONOutputBindings(t *testing.T) {
	rec := &recorder{body: `{"errorMessage":"boom"}`, header: http.Header{
		"X-Amz-Function-Error":   {"Unhandled"},
		"X-Amz-Log-Result":       {"bG9ncw=="},
		"X-Amz-Executed-Version": {"7"},
		"Content-Type":           {"application/json"},
	}}
	inv := New(goldenConfig(rec), loadModel(t, "lambda"), Options{})
	out, err := inv.Call(context.Background(), "Invoke", map[string]any{"FunctionName": "fn"})
	if err != nil {
		t.Fatal(err)
	}
	if out["StatusCode"] != int64(200) || out["FunctionError"] != "Unhandled" || out["LogResult"] != "bG9ncw==" ||
		out["ExecutedVersion"] != "7" {
		t.Errorf("bindings: %v", out)
	}
	if p, _ := out["Payload"].([]byte); string(p) != `{"errorMessage":"boom"}` {
		t.Errorf("Payload: %q", out["Payload"])
	}
}

func TestStreamingOutput(t *testing.T) {
	body := strings.Repeat("0123456789", 10)
	rec := &recorder{body: body, header: http.Header{
		"Content-Length": {"100"}, "Content-Type": {"text/plain"}, "Etag": {`"abc"`},
		"Last-Modified": {"Fri, 02 Jan 2026 03:04:05 GMT"}, "X-Amz-Meta-Owner": {"ana"},
	}}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
	res, err := inv.Invoke(context.Background(), "GetObject", map[string]any{"Bucket": "b-1", "Key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Body == nil || res.BodyMember != "Body" {
		t.Fatalf("Invoke should leave the body unread: %+v", res)
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(data) != body {
		t.Errorf("body %q", data)
	}
	out := res.Output
	if out["ContentLength"] != int64(100) || out["ETag"] != `"abc"` || out["ContentType"] != "text/plain" ||
		!out["LastModified"].(time.Time).Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("headers: %v", out)
	}
	if md, _ := out["Metadata"].(map[string]any); md["owner"] != "ana" {
		t.Errorf("Metadata: %v", out["Metadata"])
	}

	rec.header.Set("Expires", "0") // not a date, as S3 often answers
	out, err = inv.Call(context.Background(), "GetObject", map[string]any{"Bucket": "b-1", "Key": "k"})
	if err != nil {
		t.Fatalf("an invalid Expires header must not fail the call: %v", err)
	}
	if out["ExpiresString"] != "0" || out["Expires"] != nil || string(out["Body"].([]byte)) != body {
		t.Errorf("Expires handling: %v", out)
	}

	small := New(goldenConfig(rec), loadModel(t, "s3"), Options{MaxBodyBytes: 10})
	if _, err := small.Call(context.Background(), "GetObject", map[string]any{"Bucket": "b-1", "Key": "k"}); err == nil ||
		!strings.Contains(err.Error(), "larger than 10 bytes") {
		t.Fatalf("a body over MaxBodyBytes: %v", err)
	}
}

func TestStreamingInputFromReader(t *testing.T) {
	rec := &recorder{}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{EndpointURL: "http://127.0.0.1:1"})
	// A one-shot reader (not seekable) is sent unsigned, with its length unknown.
	pr, pw := io.Pipe()
	go func() { pw.Write([]byte("streamed")); pw.Close() }()
	if _, err := inv.Call(context.Background(), "PutObject", map[string]any{"Bucket": "b-1", "Key": "k", "Body": io.Reader(pr)}); err != nil {
		t.Fatal(err)
	}
	got := rec.last(t)
	if string(got.Body) != "streamed" || got.Header.Get("X-Amz-Content-Sha256") != "UNSIGNED-PAYLOAD" || got.Length != -1 {
		t.Fatalf("body %q, payload hash %q, length %d", got.Body, got.Header.Get("X-Amz-Content-Sha256"), got.Length)
	}
	// With ContentLength stated, a one-shot reader goes with that length, not chunked.
	pr, pw = io.Pipe()
	go func() { pw.Write([]byte("streamed")); pw.Close() }()
	if _, err := inv.Call(context.Background(), "PutObject", map[string]any{"Bucket": "b-1", "Key": "k", "Body": io.Reader(pr),
		"ContentLength": 8}); err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t); got.Length != 8 || string(got.Body) != "streamed" {
		t.Fatalf("length %d, body %q", got.Length, got.Body)
	}
	// A seekable reader over plain HTTP is hashed, like the typed client does.
	if _, err := inv.Call(context.Background(), "PutObject", map[string]any{"Bucket": "b-1", "Key": "k", "Body": strings.NewReader("hello")}); err != nil {
		t.Fatal(err)
	}
	if h := rec.last(t).Header.Get("X-Amz-Content-Sha256"); h != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Fatalf("payload hash %q", h)
	}
}

func TestConcurrentCalls(t *testing.T) {
	rec := &recorder{body: `{"TableNames":["a"]}`}
	inv := New(goldenConfig(rec), loadModel(t, "dynamodb"), Options{})
	ops := []string{"ListTables", "DescribeLimits", "ListBackups", "ListGlobalTables"}
	done := make(chan error)
	for i := 0; i < 16; i++ {
		go func(op string) {
			_, err := inv.Call(context.Background(), op, nil)
			done <- err
		}(ops[i%len(ops)])
	}
	for i := 0; i < 16; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestUnauthenticatedOperationsAreNotSigned(t *testing.T) {
	rec := &recorder{body: `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`}
	inv := New(goldenConfig(rec), loadModel(t, "sts"), Options{})
	if _, err := inv.Call(context.Background(), "AssumeRoleWithWebIdentity", map[string]any{"RoleArn": "arn:aws:iam::1:role/r",
		"RoleSessionName": "session", "WebIdentityToken": "token-value"}); err != nil {
		t.Fatal(err)
	}
	if h := rec.last(t).Header.Get("Authorization"); h != "" {
		t.Fatalf("AssumeRoleWithWebIdentity was signed: %s", h)
	}
	if _, err := inv.Call(context.Background(), "GetCallerIdentity", nil); err != nil && !strings.Contains(err.Error(), "could not read the answer") {
		t.Fatal(err)
	}
	if h := rec.last(t).Header.Get("Authorization"); !strings.HasPrefix(h, "AWS4-HMAC-SHA256 ") {
		t.Fatalf("GetCallerIdentity was not signed: %q", h)
	}
}

func TestMalformedResponsesAreErrors(t *testing.T) {
	cases := []struct{ service, op, body string }{
		{"dynamodb", "ListTables", `{"TableNames": [1, 2`},
		{"dynamodb", "ListTables", `{"TableNames": {"a": 1}}`},
		{"sts", "GetCallerIdentity", `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>`},
		{"s3", "ListObjectsV2", `<ListBucketResult><KeyCount>many</KeyCount></ListBucketResult>`},
		{"lambda", "ListFunctions", `[]`},
	}
	for _, tc := range cases {
		rec := &recorder{body: tc.body}
		inv := New(goldenConfig(rec), loadModel(t, tc.service), Options{})
		input := map[string]any{}
		if tc.service == "s3" {
			input["Bucket"] = "b-1"
		}
		if out, err := inv.Call(context.Background(), tc.op, input); err == nil {
			t.Errorf("%s %s on %q: no error, output %v", tc.service, tc.op, tc.body, out)
		}
	}
}

func TestS3ErrorIn200IsRetried(t *testing.T) {
	fl := &flaky{}
	fl.body = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>`
	cfg := goldenConfig(nil)
	cfg.HTTPClient = fl
	inv := New(cfg, loadModel(t, "s3"), Options{Retryer: noRetry{}})
	_, err := inv.Call(context.Background(), "CopyObject", map[string]any{"Bucket": "b-1", "Key": "k", "CopySource": "src/k"})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InternalError" || apiErr.StatusCode != 500 {
		t.Fatalf("CopyObject answered 200 with an error document: %v", err)
	}
	fl.body = `<CopyObjectResult><ETag>"e"</ETag></CopyObjectResult>`
	out, err := inv.Call(context.Background(), "CopyObject", map[string]any{"Bucket": "b-1", "Key": "k", "CopySource": "src/k"})
	if err != nil || out["CopyObjectResult"].(map[string]any)["ETag"] != `"e"` {
		t.Fatalf("CopyObject: %v %v", out, err)
	}
}
