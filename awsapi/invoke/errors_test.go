package invoke

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

func TestErrorsDecodedPerProtocol(t *testing.T) {
	cases := []struct {
		name, service, op string
		input             map[string]any
		status            int
		header            http.Header
		body              string
		code, msg, reqID  string
		fault             string
	}{
		{"awsJson", "dynamodb", "DescribeTable", map[string]any{"TableName": "t"}, 400,
			http.Header{"X-Amzn-Requestid": {"RID1"}},
			`{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}`,
			"ResourceNotFoundException", "Requested resource not found", "RID1", "client"},
		{"awsJson query-compatible", "sqs", "GetQueueUrl", map[string]any{"QueueName": "q"}, 400,
			http.Header{"X-Amzn-Query-Error": {"AWS.SimpleQueueService.NonExistentQueue;Sender"}},
			`{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"nope"}`,
			"AWS.SimpleQueueService.NonExistentQueue", "nope", "", "client"},
		{"awsQuery", "sts", "GetCallerIdentity", nil, 403, nil,
			`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error><RequestId>RID2</RequestId></ErrorResponse>`,
			"InvalidClientTokenId", "bad token", "RID2", "client"},
		{"ec2Query", "ec2", "DescribeInstances", nil, 400, nil,
			`<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>gone</Message></Error></Errors><RequestID>RID3</RequestID></Response>`,
			"InvalidInstanceID.NotFound", "gone", "RID3", "client"},
		{"restJson", "lambda", "GetFunction", map[string]any{"FunctionName": "f"}, 404,
			http.Header{"X-Amzn-Errortype": {"ResourceNotFoundException:http://internal.amazon.com/"}, "X-Amzn-Requestid": {"RID4"}},
			`{"Type":"User","Message":"Function not found"}`,
			"ResourceNotFoundException", "Function not found", "RID4", "client"},
		{"restXml", "s3", "ListObjectsV2", map[string]any{"Bucket": "b-1"}, 404, http.Header{"X-Amz-Request-Id": {"RID5"}},
			`<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><RequestId>RID5</RequestId></Error>`,
			"NoSuchBucket", "The specified bucket does not exist", "RID5", "client"},
		// botocore names an error without a readable body by its status: "403", "Forbidden".
		{"restXml HEAD without body", "s3", "HeadBucket", map[string]any{"Bucket": "b-1"}, 403, nil, ``,
			"403", "Forbidden", "", "client"},
		{"restXml HEAD 404", "s3", "HeadObject", map[string]any{"Bucket": "b-1", "Key": "k"}, 404,
			http.Header{"X-Amz-Request-Id": {"RID6"}}, ``, "404", "Not Found", "RID6", "client"},
		{"awsJson without body", "dynamodb", "DescribeTable", map[string]any{"TableName": "t"}, 400, nil, ``,
			"400", "", "", "client"},
		{"server fault", "dynamodb", "ListTables", nil, 400, nil,
			`{"__type":"InternalServerError","message":"boom"}`, "InternalServerError", "boom", "", "server"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{status: tc.status, header: tc.header, body: tc.body}
			inv := New(goldenConfig(rec), loadModel(t, tc.service), Options{})
			_, err := inv.Call(context.Background(), tc.op, tc.input)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want *APIError, got %T %v", err, err)
			}
			if apiErr.Code != tc.code || apiErr.Message != tc.msg || apiErr.RequestID != tc.reqID ||
				apiErr.StatusCode != tc.status || apiErr.Fault != tc.fault {
				t.Errorf("got %+v\nwant code %q msg %q request id %q status %d fault %s", apiErr, tc.code, tc.msg, tc.reqID, tc.status, tc.fault)
			}
			var generic smithy.APIError
			if !errors.As(err, &generic) || generic.ErrorCode() != tc.code {
				t.Errorf("errors.As(smithy.APIError): %v", err)
			}
		})
	}
}

// flaky answers with status codes in turn, then 200.
type flaky struct {
	recorder
	statuses []int
	n        atomic.Int64
}

func (f *flaky) Do(req *http.Request) (*http.Response, error) {
	i := int(f.n.Add(1)) - 1
	resp, err := f.recorder.Do(req)
	if i < len(f.statuses) {
		resp.StatusCode = f.statuses[i]
	}
	return resp, err
}

func TestRetriesTransientErrors(t *testing.T) {
	fl := &flaky{statuses: []int{503, 500}}
	fl.body = `{"TableNames":[]}`
	cfg := goldenConfig(nil)
	cfg.HTTPClient = fl
	inv := New(cfg, loadModel(t, "dynamodb"), Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
	})})
	res, err := inv.Invoke(context.Background(), "ListTables", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 3 || fl.count() != 3 {
		t.Fatalf("attempts %d, requests %d, want 3", res.Attempts, fl.count())
	}
	if got := fl.requests[2].Header.Get("Amz-Sdk-Request"); got != "attempt=3; max=3" {
		t.Errorf("Amz-Sdk-Request = %q", got)
	}

	// A client error is not retried.
	fl2 := &flaky{statuses: []int{400}}
	fl2.body = `{"__type":"ValidationException","message":"no"}`
	cfg.HTTPClient = fl2
	inv = New(cfg, loadModel(t, "dynamodb"), Options{})
	if _, err := inv.Invoke(context.Background(), "ListTables", nil); err == nil || fl2.count() != 1 {
		t.Fatalf("err %v after %d requests, want one failed request", err, fl2.count())
	}
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	fl := &flaky{statuses: []int{503, 503, 503}}
	cfg := goldenConfig(nil)
	cfg.HTTPClient = fl
	inv := New(cfg, loadModel(t, "dynamodb"), Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Minute, nil })
	})})
	// In a synctest bubble the clock moves only when the test waits: the 50 ms are exact.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(50*time.Millisecond, cancel)
		start := time.Now()
		_, err := inv.Invoke(ctx, "ListTables", nil)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want context.Canceled, got %v", err)
		}
		if d := time.Since(start); d != 50*time.Millisecond {
			t.Fatalf("cancel took %v, want the 50ms to the cancel (the backoff is a minute)", d)
		}
	})
}

// skewed answers like a server whose clock is an hour ahead: a signature error, then success.
type skewed struct {
	recorder
	n atomic.Int64
}

func (s *skewed) Do(req *http.Request) (*http.Response, error) {
	resp, err := s.recorder.Do(req)
	resp.Header.Set("Date", time.Now().Add(time.Hour).UTC().Format(http.TimeFormat))
	if s.n.Add(1) == 1 {
		resp.StatusCode = 400
		resp.Body = io.NopCloser(strings.NewReader(`{"__type":"InvalidSignatureException","message":"Signature expired"}`))
	}
	return resp, err
}

func TestClockSkewIsCorrected(t *testing.T) {
	sk := &skewed{}
	sk.body = `{"TableNames":[]}`
	cfg := goldenConfig(nil)
	cfg.HTTPClient = sk
	inv := New(cfg, loadModel(t, "dynamodb"), Options{Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
	})})
	res, err := inv.Invoke(context.Background(), "ListTables", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 2 {
		t.Fatalf("attempts %d, want 2", res.Attempts)
	}
	signed, err := time.Parse("20060102T150405Z", sk.requests[1].Header.Get("X-Amz-Date"))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(signed); d < 55*time.Minute || d > 65*time.Minute {
		t.Fatalf("the retry was signed %v from now, want about an hour ahead", d)
	}
	// Without skew the same error is not retried.
	fl := &flaky{statuses: []int{400}}
	fl.body = `{"__type":"InvalidSignatureException","message":"bad"}`
	cfg.HTTPClient = fl
	if _, err := New(cfg, loadModel(t, "dynamodb"), Options{}).Invoke(context.Background(), "ListTables", nil); err == nil || fl.count() != 1 {
		t.Fatalf("err %v after %d requests", err, fl.count())
	}
}
