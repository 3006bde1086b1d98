package invoke_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Calling S3 from its model, against an in-process S3.
func ExampleInvoker_Call() {
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("id", "secret", "")}
	svc, err := model.Load("s3")
	if err != nil {
		panic(err)
	}
	s3 := invoke.New(cfg, svc, invoke.Options{EndpointURL: srv.URL})
	ctx := context.Background()

	s3.Call(ctx, "CreateBucket", map[string]any{"Bucket": "photos"})
	s3.Call(ctx, "PutObject", map[string]any{"Bucket": "photos", "Key": "cat.jpg", "Body": "meow"})
	out, _ := s3.Call(ctx, "ListObjectsV2", map[string]any{"Bucket": "photos"})
	for _, obj := range out["Contents"].([]any) {
		o := obj.(map[string]any)
		fmt.Println(o["Key"], o["Size"])
	}

	_, err = s3.Call(ctx, "ListObjectsV2", map[string]any{"Bucket": "missing"})
	var apiErr *invoke.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.StatusCode)
	}

	_, err = s3.Call(ctx, "ListObjectsV2", map[string]any{"Bucket": "photos", "MaxKeys": "ten"})
	fmt.Println(err)
	// Output:
	// cat.jpg 4
	// NoSuchBucket 404
	// invalid input for s3 ListObjectsV2 (nothing was sent; fix the fields named): Input.MaxKeys: expected an integer, got a string (ten)
}
