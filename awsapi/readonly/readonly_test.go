package readonly

import (
	"errors"
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
	}
	for _, c := range cases {
		if got := IsMutating(c.service, c.op); got != c.mutating {
			t.Errorf("IsMutating(%s, %s) = %v, want %v", c.service, c.op, got, c.mutating)
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
}
