package invoke

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// FuzzResponses feeds arbitrary bodies to the decoder of one operation per protocol: any answer
// must give a document or an error, never a panic.
func FuzzResponses(f *testing.F) {
	for _, seed := range []string{`{"TableNames":["a"]}`, `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
		`<ListBucketResult><Contents><Key>k</Key><Size>1</Size></Contents></ListBucketResult>`, `{"Functions":[{"FunctionName":"f"}]}`,
		`<DescribeInstancesResponse><reservationSet><item><instancesSet><item><instanceId>i-1</instanceId></item></instancesSet></item></reservationSet></DescribeInstancesResponse>`,
		`{"__type":"X","message":"m"}`, `<Error><Code>C</Code></Error>`, ``} {
		f.Add(seed, 200)
		f.Add(seed, 400)
	}
	calls := []struct {
		service, op string
		input       map[string]any
	}{
		{"dynamodb", "ListTables", nil}, {"sts", "GetCallerIdentity", nil},
		{"s3", "ListObjectsV2", map[string]any{"Bucket": "b-1"}}, {"lambda", "ListFunctions", nil},
		{"ec2", "DescribeInstances", nil},
	}
	invokers := make([]*Invoker, len(calls))
	recs := make([]*recorder, len(calls))
	for i, c := range calls {
		recs[i] = &recorder{header: http.Header{}}
		invokers[i] = New(goldenConfig(recs[i]), loadModel(f, c.service), Options{Retryer: noRetry{}})
	}
	f.Fuzz(func(t *testing.T, body string, status int) {
		if status < 100 || status > 599 {
			return
		}
		for i, c := range calls {
			recs[i].body, recs[i].status = body, status
			recs[i].requests = nil
			_, _ = invokers[i].Call(context.Background(), c.op, c.input)
		}
	})
}

// FuzzInputs feeds arbitrary JSON inputs to validation and serialization of a few rich
// operations: any input must be refused with a message or serialized, never panic.
func FuzzInputs(f *testing.F) {
	for _, seed := range []string{`{"TableName":"t","Item":{"a":{"S":"x"},"b":{"L":[{"N":"1"}]}}}`,
		`{"TableName":"t","KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"AttributeDefinitions":[]}`,
		`{"Bucket":"b","Key":"k","Body":"x","Metadata":{"a":"b"}}`, `{"Filters":[{"Name":"n","Values":["v"]}]}`,
		`{"a":[1,2,{"b":null}]}`, `[]`, `null`, `{"MaxResults":1e400}`} {
		f.Add(seed)
	}
	type target struct {
		inv *Invoker
		op  string
	}
	var targets []target
	for service, ops := range map[string][]string{"dynamodb": {"PutItem", "CreateTable", "Query"}, "s3": {"PutObject", "DeleteObjects"},
		"ec2": {"DescribeInstances", "RunInstances"}, "lambda": {"CreateFunction"}, "sts": {"AssumeRole"}} {
		inv := New(goldenConfig(&recorder{}), loadModel(f, service), Options{})
		for _, op := range ops {
			targets = append(targets, target{inv, op})
		}
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, raw string) {
		var input map[string]any
		if json.Unmarshal([]byte(raw), &input) != nil {
			return
		}
		for _, tg := range targets {
			oi, err := tg.inv.schemas.operation(tg.op)
			if err != nil {
				t.Fatal(err)
			}
			_, _, _, _ = tg.inv.buildRequest(ctx, oi, input)
		}
	})
}

// noRetry makes fuzzing fast: one attempt, no backoff.
type noRetry struct{}

func (noRetry) IsErrorRetryable(error) bool                  { return false }
func (noRetry) MaxAttempts() int                             { return 1 }
func (noRetry) RetryDelay(int, error) (time.Duration, error) { return 0, nil }
func (noRetry) GetRetryToken(context.Context, error) (func(error) error, error) {
	return nopRelease, nil
}
func (noRetry) GetInitialToken() func(error) error                         { return nopRelease }
func (noRetry) GetAttemptToken(context.Context) (func(error) error, error) { return nopRelease, nil }

func nopRelease(error) error { return nil }
