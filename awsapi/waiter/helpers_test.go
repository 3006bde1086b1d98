package waiter

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// botocoreWaiter returns a real botocore definition copied into testdata. waiters-2.json has no
// string-or-list fields, so it decodes straight into the model type.
func botocoreWaiter(t testing.TB, service, name string) *model.Waiter {
	t.Helper()
	raw, err := os.ReadFile("testdata/botocore-waiters.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Services map[string]map[string]*model.Waiter `json:"services"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	w, ok := file.Services[service][name]
	if !ok {
		t.Fatalf("no botocore waiter %s.%s in testdata; add it to ../paginate/testdata/extract.py", service, name)
	}
	return w
}

// reply is one canned answer: a document or an error.
type reply struct {
	out map[string]any
	err error
}

// fakeCaller answers one operation with canned replies in order, repeating the last, and
// records the inputs.
type fakeCaller struct {
	operation string
	replies   []reply

	mu     sync.Mutex
	inputs []map[string]any
}

func (f *fakeCaller) Call(_ context.Context, operation string, in map[string]any) (map[string]any, error) {
	if operation != f.operation {
		return nil, fmt.Errorf("fake serves %s, called with %s", f.operation, operation)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inputs = append(f.inputs, in)
	r := f.replies[min(len(f.inputs), len(f.replies))-1]
	return r.out, r.err
}

func (f *fakeCaller) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.inputs)
}

func answers(operation string, replies ...reply) *fakeCaller {
	return &fakeCaller{operation: operation, replies: replies}
}

func doc(out map[string]any) reply { return reply{out: out} }

// apiErr is a service error as aws-sdk-go-v2 returns it: a smithy APIError inside a smithy
// transport ResponseError that knows the HTTP status.
func apiErr(status int, code string) reply {
	return reply{err: &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status}},
		Err:      &smithy.GenericAPIError{Code: code, Message: "canned " + code},
	}}
}

// instances is a DescribeInstances response with one reservation holding instances in the
// given states.
func instances(states ...any) reply {
	var list []any
	for i, s := range states {
		list = append(list, map[string]any{"InstanceId": fmt.Sprintf("i-%d", i), "State": map[string]any{"Name": s, "Code": int64(16)}})
	}
	return doc(map[string]any{"Reservations": []any{map[string]any{"Instances": list}}})
}

func table(status string) reply {
	return doc(map[string]any{"Table": map[string]any{"TableName": "t", "TableStatus": status, "ItemCount": json.Number("0")}})
}

// recorder collects the attempts a run reports.
type recorder struct {
	mu       sync.Mutex
	attempts []Attempt
}

func (r *recorder) on(a Attempt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, a)
}

func (r *recorder) all() []Attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Attempt(nil), r.attempts...)
}
