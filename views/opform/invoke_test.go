package opform

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// sample is a value the model accepts for a shape: required members only, the first enum
// value, lengths and numbers at the model's minimum.
func sample(svc *model.Service, name string, depth int) any {
	sh := svc.Shape(name)
	if sh == nil || depth > 12 {
		return nil
	}
	if sh.Document {
		return map[string]any{}
	}
	switch sh.Type {
	case "structure":
		out := map[string]any{}
		for _, r := range sh.Required {
			if ref := sh.Members[r]; ref != nil {
				out[r] = sample(svc, ref.Shape, depth+1)
			}
		}
		if sh.Union && len(out) == 0 && len(sh.MemberOrder) > 0 {
			m := sh.OrderedMembers()[0]
			out[m] = sample(svc, sh.Members[m].Shape, depth+1)
		}
		return out
	case "list":
		n := 1
		if sh.Min != nil {
			n = max(int(*sh.Min), 1)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = sample(svc, sh.Member.Shape, depth+1)
			if s, ok := out[i].(string); ok && n > 1 {
				out[i] = s + strconv.Itoa(i) // some lists want distinct items
			}
		}
		return out
	case "map":
		key, _ := sample(svc, sh.Key.Shape, depth+1).(string)
		return map[string]any{key: sample(svc, sh.Value.Shape, depth+1)}
	case "string":
		if len(sh.Enum) > 0 {
			return sh.Enum[0]
		}
		n := 1
		if sh.Min != nil {
			n = max(int(*sh.Min), 1)
		}
		return strings.Repeat("x", n)
	case "integer", "long":
		if sh.Min != nil {
			return int64(*sh.Min)
		}
		if sh.Max != nil && *sh.Max < 1 {
			return int64(*sh.Max)
		}
		return int64(1)
	case "float", "double":
		if sh.Min != nil {
			return *sh.Min
		}
		return 1.5
	case "boolean":
		return true
	case "timestamp":
		return "2024-05-01T12:00:00Z"
	case "blob":
		return "x"
	}
	return nil
}

// fillRequired sets every required field of the form to a sample value.
func fillRequired(f *Form) {
	values := map[string]any{}
	for _, fl := range f.fields {
		if fl.required {
			values[fl.name] = sample(f.svc, fl.ref.Shape, 0)
		}
	}
	f.SetValues(values)
}

// TestFormInputIsWhatTheInvokerTakes fills the required fields of every operation of a few
// services (each protocol) and of the chosen ones, builds the input through the form and gives it
// to the invoker, pointed at a closed port: the invoker must not refuse the input (a
// ValidationError), so the form writes the types and shapes the engine reads.
func TestFormInputIsWhatTheInvokerTakes(t *testing.T) {
	cfg := aws.Config{
		Region:      "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	}
	noRetry := func() aws.RetryerV2 { return aws.NopRetryer{} }
	checked := 0
	for _, name := range []string{"sqs", "dynamodb", "ec2", "s3", "lambda", "sts", "iam", "logs", "rds", "sns", "cloudformation", "kinesis"} {
		svc := loadService(t, name)
		inv := invoke.New(cfg, svc, invoke.Options{EndpointURL: "http://127.0.0.1:1", Retryer: noRetry()})
		for _, op := range svc.OperationNames() {
			f := New(svc, op, testEnv())
			fillRequired(f)
			in, _, err := f.Input()
			if err != nil {
				t.Errorf("%s %s: the form refused sample values: %v", name, op, err)
				continue
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			_, err = inv.Call(ctx, op, in)
			cancel()
			var ve *invoke.ValidationError
			if errors.As(err, &ve) {
				t.Errorf("%s %s: the invoker refused the form's input %v: %v", name, op, in, err)
			}
			checked++
		}
	}
	t.Logf("%d operations checked", checked)
}

// TestEveryFormAcceptsValidInput fills the required fields of every operation of every service
// with sample values: the form must accept them (its checks agree with its own editors).
func TestEveryFormAcceptsValidInput(t *testing.T) {
	services, err := model.Index()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range services {
		svc := loadService(t, info.Name)
		for _, op := range svc.OperationNames() {
			f := New(svc, op, testEnv())
			fillRequired(f)
			if _, _, err := f.Input(); err != nil {
				t.Errorf("%s %s: %v", info.Name, op, err)
			}
		}
	}
}
