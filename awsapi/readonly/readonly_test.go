package readonly

import (
	"errors"
	"strings"
	"testing"
)

func TestIsMutating(t *testing.T) {
	cases := []struct {
		service, op string
		mutating    bool
	}{
		{"s3", "ListObjectsV2", false},
		{"s3", "HeadObject", false},
		{"s3", "GetObject", false},
		{"s3", "PutObject", true},
		{"s3", "DeleteObjects", true},
		{"ec2", "DescribeInstances", false},
		{"ec2", "StopInstances", true},
		{"ec2", "TerminateInstances", true},
		{"dynamodb", "BatchGetItem", false},
		{"dynamodb", "Scan", false},
		{"dynamodb", "BatchWriteItem", true},
		{"sqs", "ReceiveMessage", true},
		{"sqs", "GetQueueUrl", false},
		{"sts", "GetCallerIdentity", false},
		{"sts", "AssumeRole", false},
		{"logs", "FilterLogEvents", false},
		{"cognito-identity", "GetId", true},
		{"lambda", "Invoke", true},
		{"x", "Scandalous", true},
		{"x", "Get", false},
		{"x", "Issue", true}, // "Is" needs a word boundary
		{"license-manager", "CheckoutLicense", true},
		{"redshift", "GetClusterCredentials", true}, // with AutoCreate
	}
	for _, c := range cases {
		if got := IsMutating(c.service, c.op); got != c.mutating {
			t.Errorf("IsMutating(%s, %s) = %v, want %v", c.service, c.op, got, c.mutating)
		}
	}
}

// TestIssueClassifications holds the decisions issue 7 asked for (and issue 14's cognito-identity
// entries), independently of exceptions.go: deleting any of those entries fails here.
func TestIssueClassifications(t *testing.T) {
	cases := []struct {
		service, op string
		input       any
		want        Class
	}{
		// Named reads with side effects.
		{"cloudformation", "DetectStackDrift", nil, Mutate},
		{"cloudformation", "DetectStackSetDrift", nil, Mutate},
		{"cloudformation", "DetectStackResourceDrift", nil, Mutate},
		{"license-manager", "CheckInLicense", nil, Mutate},
		{"sagemaker", "GetScalingConfigurationRecommendation", nil, Mutate},
		{"redshift", "GetClusterCredentials", map[string]any{"AutoCreate": true}, Mutate},
		{"apigatewayv2", "PreviewPortal", nil, Mutate},
		{"lightsail", "GetInstanceAccessDetails", nil, Mutate},
		{"cognito-identity", "GetId", nil, Mutate},
		{"cognito-identity", "GetOpenIdToken", nil, Mutate},
		{"cognito-identity", "GetOpenIdTokenForDeveloperIdentity", nil, Mutate},
		{"cognito-identity", "GetCredentialsForIdentity", nil, Mutate},
		// Pure reads that were refused.
		{"ecr", "BatchCheckLayerAvailability", nil, Read},
		{"cloudformation", "BatchDescribeTypeConfigurations", nil, Read},
		{"comprehend", "BatchDetectSentiment", nil, Read},
		{"swf", "CountOpenWorkflowExecutions", nil, Read},
		{"geo-routes", "CalculateRoutes", nil, Read},
		{"verifiedpermissions", "IsAuthorized", nil, Read},
		{"verifiedpermissions", "BatchIsAuthorized", nil, Read},
		{"events", "TestEventPattern", nil, Read},
		{"logs", "TestMetricFilter", nil, Read},
		// Logs Insights queries change no resource (issue 11): readable under --readonly. Other
		// "start a query" operations that write results somewhere stay mutate, and so do the
		// query definitions, which are stored.
		{"logs", "StartQuery", nil, Read},
		{"logs", "StopQuery", nil, Read},
		{"logs", "GetQueryResults", nil, Read},
		{"logs", "PutQueryDefinition", nil, Mutate},
		{"logs", "DeleteQueryDefinition", nil, Mutate},
		{"logs", "CreateExportTask", nil, Mutate},
		{"athena", "StartQueryExecution", nil, Mutate},
		{"athena", "StopQueryExecution", nil, Mutate},
		{"cloudtrail", "StartQuery", nil, Mutate},
		// Tests with side effects stay mutate.
		{"elasticache", "TestFailover", nil, Mutate},
		{"apigateway", "TestInvokeMethod", nil, Mutate},
		{"stepfunctions", "TestState", nil, Mutate},
		// Secrets.
		{"secretsmanager", "GetSecretValue", nil, RevealsSecret},
		{"ssm", "GetParameter", nil, Read},
		{"ssm", "GetParameter", map[string]any{"Name": "p", "WithDecryption": true}, RevealsSecret},
		{"ssm", "GetParameters", map[string]any{"WithDecryption": true}, RevealsSecret},
		{"ssm", "GetParametersByPath", map[string]any{"WithDecryption": false}, Read},
		{"kms", "Decrypt", nil, RevealsSecret},
		{"kms", "GenerateDataKey", nil, RevealsSecret},
		{"kms", "GenerateDataKeyPair", nil, RevealsSecret},
		{"kms", "GenerateDataKeyWithoutPlaintext", nil, Read},
		{"kms", "Encrypt", nil, Read},
		{"ec2", "GetPasswordData", nil, RevealsSecret},
		{"ecr", "GetAuthorizationToken", nil, RevealsSecret},
		{"codeartifact", "GetAuthorizationToken", nil, RevealsSecret},
		{"sts", "GetSessionToken", nil, RevealsSecret},
		{"sts", "GetFederationToken", nil, RevealsSecret},
		{"sts", "AssumeRole", nil, RevealsSecret},
		{"sts", "GetCallerIdentity", nil, Read},
		{"sts", "DecodeAuthorizationMessage", nil, Read},
		{"redshift", "GetClusterCredentials", nil, RevealsSecret},
		{"redshift", "GetClusterCredentials", map[string]any{"AutoCreate": false}, RevealsSecret},
		{"glue", "GetConnection", nil, RevealsSecret},
		{"glue", "GetConnection", map[string]any{"HidePassword": true}, Read},
		{"apigateway", "GetApiKeys", nil, Read},
		{"apigateway", "GetApiKeys", map[string]any{"includeValues": true}, RevealsSecret},
	}
	for _, c := range cases {
		if got := Classify(c.service, c.op, c.input).Class; got != c.want {
			t.Errorf("Classify(%s, %s, %v) = %s, want %s", c.service, c.op, c.input, got, c.want)
		}
	}
}

// The SDK clients' guard passes the typed input: conditions read its fields.
func TestClassifyTypedInput(t *testing.T) {
	yes, no := true, false
	type getParameterInput struct {
		Name           *string
		WithDecryption *bool
	}
	type getConnectionInput struct {
		Name         *string
		HidePassword bool
	}
	type getApiKeysInput struct{ IncludeValues *bool }
	cases := []struct {
		service, op string
		input       any
		want        Class
	}{
		{"ssm", "GetParameter", &getParameterInput{WithDecryption: &yes}, RevealsSecret},
		{"ssm", "GetParameter", getParameterInput{WithDecryption: &yes}, RevealsSecret},
		{"ssm", "GetParameter", &getParameterInput{WithDecryption: &no}, Read},
		{"ssm", "GetParameter", &getParameterInput{}, Read},
		{"ssm", "GetParameter", (*getParameterInput)(nil), Read},
		{"glue", "GetConnection", &getConnectionInput{HidePassword: true}, Read},
		{"glue", "GetConnection", &getConnectionInput{}, RevealsSecret},
		{"apigateway", "GetApiKeys", &getApiKeysInput{IncludeValues: &yes}, RevealsSecret}, // includeValues
		{"ssm", "GetParameter", map[string]any{"WithDecryption": "true"}, RevealsSecret},
		{"ssm", "GetParameter", "not an input", Read},
	}
	for _, c := range cases {
		if got := Classify(c.service, c.op, c.input).Class; got != c.want {
			t.Errorf("Classify(%s, %s, %#v) = %s, want %s", c.service, c.op, c.input, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	if err := Check(false, "s3", "DeleteBucket"); err != nil {
		t.Errorf("read-write mode refused: %v", err)
	}
	if err := Check(true, "s3", "ListBuckets"); err != nil {
		t.Errorf("read refused: %v", err)
	}
	err := Check(true, "s3", "DeleteBucket")
	if !errors.Is(err, ErrRefused) {
		t.Errorf("want ErrRefused, got %v", err)
	}
	if err := Check(true, "secretsmanager", "GetSecretValue"); err != nil {
		t.Errorf("a reveal is allowed under --readonly, got %v", err)
	}
	// Without the input a check must assume the worst; with it, it can allow the read.
	if err := Check(true, "redshift", "GetClusterCredentials"); !errors.Is(err, ErrRefused) {
		t.Errorf("GetClusterCredentials without input: want ErrRefused, got %v", err)
	}
	if err := CheckInput(true, "redshift", "GetClusterCredentials", map[string]any{"DbUser": "u"}); err != nil {
		t.Errorf("GetClusterCredentials without AutoCreate: %v", err)
	}
	err = CheckInput(true, "redshift", "GetClusterCredentials", map[string]any{"AutoCreate": true})
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "AutoCreate creates the database user") {
		t.Errorf("GetClusterCredentials with AutoCreate: want a refusal giving the reason, got %v", err)
	}
	if err := CheckInput(false, "redshift", "GetClusterCredentials", map[string]any{"AutoCreate": true}); err != nil {
		t.Errorf("read-write mode refused: %v", err)
	}
}

func TestClassStrings(t *testing.T) {
	for _, c := range []Class{Read, RevealsSecret, Mutate} {
		got, err := ParseClass(c.String())
		if err != nil || got != c {
			t.Errorf("ParseClass(%q) = %v, %v", c.String(), got, err)
		}
	}
	if _, err := ParseClass("write"); err == nil {
		t.Error("ParseClass(write): want an error")
	}
}

func TestLabels(t *testing.T) {
	cases := []struct{ service, op, long, short string }{
		{"s3", "ListBuckets", "read", "read"},
		{"s3", "DeleteBucket", "mutate", "mutate"},
		{"secretsmanager", "GetSecretValue", "reveals-secret", "secret"},
		{"ssm", "GetParameter", "read/reveals-secret", "read/secret"},
		{"redshift", "GetClusterCredentials", "reveals-secret/mutate", "secret/mutate"},
	}
	for _, c := range cases {
		if got := Label(c.service, c.op); got != c.long {
			t.Errorf("Label(%s, %s) = %q, want %q", c.service, c.op, got, c.long)
		}
		if got := ShortLabel(c.service, c.op); got != c.short {
			t.Errorf("ShortLabel(%s, %s) = %q, want %q", c.service, c.op, got, c.short)
		}
	}
}
