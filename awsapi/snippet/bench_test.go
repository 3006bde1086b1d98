package snippet

import "testing"

func BenchmarkAWSCLI(b *testing.B) {
	svc := loadService(b, "dynamodb")
	c := callCases[8]
	for b.Loop() {
		AWSCLI(svc, c.op, c.input, Options{Region: "us-east-1"})
	}
}

func BenchmarkBoto3(b *testing.B) {
	c := callCases[8]
	for b.Loop() {
		Boto3(c.service, c.op, c.input, Options{Region: "us-east-1"})
	}
}
