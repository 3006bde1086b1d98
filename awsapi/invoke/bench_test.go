package invoke

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// benchKeys is the listing size: several pages of 1,000.
const benchKeys = 3000

// fakeS3 starts an in-process gofakes3 holding a bucket with benchKeys objects.
func fakeS3(b *testing.B) aws.Config {
	b.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	b.Cleanup(srv.Close)
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchKeys; i++ {
		_, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bench"),
			Key: aws.String(fmt.Sprintf("dir/%05d.txt", i)), Body: strings.NewReader("x")})
		if err != nil {
			b.Fatal(err)
		}
	}
	return cfg
}

// BenchmarkListObjectsV2 lists every key of the bucket, page by page, with the generic invoker
// and with the typed client's paginator against the same in-process server.
func BenchmarkListObjectsV2(b *testing.B) {
	cfg := fakeS3(b)
	ctx := context.Background()
	b.Run("generic", func(b *testing.B) {
		inv := New(cfg, loadModel(b, "s3"), Options{})
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			input := map[string]any{"Bucket": "bench"}
			for {
				out, err := inv.Call(ctx, "ListObjectsV2", input)
				if err != nil {
					b.Fatal(err)
				}
				contents, _ := out["Contents"].([]any)
				n += len(contents)
				tok, _ := out["NextContinuationToken"].(string)
				if tok == "" || out["IsTruncated"] != true {
					break
				}
				input = map[string]any{"Bucket": "bench", "ContinuationToken": tok}
			}
			if n != benchKeys {
				b.Fatalf("listed %d keys", n)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String("bench")})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					b.Fatal(err)
				}
				n += len(page.Contents)
			}
			if n != benchKeys {
				b.Fatalf("listed %d keys", n)
			}
		}
	})
}

// BenchmarkDynamoDBScan scans a small table on moto_server with both clients. moto's own time
// dominates; the figure bounds the generic engine's overhead per page.
func BenchmarkDynamoDBScan(b *testing.B) {
	srv := motoserverShared(b)
	cfg := srv.AWSConfig("us-east-1")
	ctx := context.Background()
	inv := New(cfg, loadModel(b, "dynamodb"), Options{})
	table := uniqueName("bench")
	if _, err := inv.Call(ctx, "CreateTable", map[string]any{"TableName": table, "BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}}}); err != nil {
		b.Fatal(err)
	}
	const items = 200
	for i := 0; i < items; i++ {
		if _, err := inv.Call(ctx, "PutItem", map[string]any{"TableName": table, "Item": map[string]any{
			"id": map[string]any{"S": fmt.Sprintf("item-%04d", i)}, "n": map[string]any{"N": fmt.Sprint(i)},
			"tags": map[string]any{"SS": []any{"a", "b"}}}}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("generic", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			input := map[string]any{"TableName": table, "Limit": 50}
			for {
				out, err := inv.Call(ctx, "Scan", input)
				if err != nil {
					b.Fatal(err)
				}
				n += len(out["Items"].([]any))
				last, ok := out["LastEvaluatedKey"]
				if !ok {
					break
				}
				input = map[string]any{"TableName": table, "Limit": 50, "ExclusiveStartKey": last}
			}
			if n != items {
				b.Fatalf("scanned %d items", n)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		client := dynamodb.NewFromConfig(cfg)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			p := dynamodb.NewScanPaginator(client, &dynamodb.ScanInput{TableName: aws.String(table), Limit: aws.Int32(50)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					b.Fatal(err)
				}
				n += len(page.Items)
			}
			if n != items {
				b.Fatalf("scanned %d items", n)
			}
		}
	})
}

// listPage is a ListObjectsV2 answer with 1,000 objects, as S3 writes it.
func listPage() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bench</Name><Prefix></Prefix><KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>true</IsTruncated><NextContinuationToken>tok</NextContinuationToken>`)
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, `<Contents><Key>dir/%05d.txt</Key><LastModified>2026-11-24T06:23:02.768Z</LastModified><ETag>&#34;d16fb36f0911f878998c136191af705e&#34;</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass></Contents>`, i, i*7)
	}
	b.WriteString(`</ListBucketResult>`)
	return b.String()
}

// BenchmarkListObjectsV2Page measures the client alone (no server): build, sign, decode one
// page of 1,000 objects from a canned answer.
func BenchmarkListObjectsV2Page(b *testing.B) {
	page := listPage()
	ctx := context.Background()
	b.Run("generic", func(b *testing.B) {
		inv := New(goldenConfig(&recorder{body: page}), loadModel(b, "s3"), Options{})
		b.ReportAllocs()
		for b.Loop() {
			out, err := inv.Call(ctx, "ListObjectsV2", map[string]any{"Bucket": "bench"})
			if err != nil || len(out["Contents"].([]any)) != 1000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		client := s3.NewFromConfig(goldenConfig(&recorder{body: page}))
		b.ReportAllocs()
		for b.Loop() {
			out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("bench")})
			if err != nil || len(out.Contents) != 1000 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSmallCall measures the per-call cost of a small JSON call against a canned answer:
// validation, serialization, signing and decoding, no network.
func BenchmarkSmallCall(b *testing.B) {
	const answer = `{"Table":{"TableName":"Music","TableStatus":"ACTIVE","ItemCount":12,"CreationDateTime":1767323045.5,` +
		`"KeySchema":[{"AttributeName":"Artist","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"Artist","AttributeType":"S"}]}}`
	ctx := context.Background()
	b.Run("generic", func(b *testing.B) {
		inv := New(goldenConfig(&discard{body: answer}), loadModel(b, "dynamodb"), Options{})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := inv.Call(ctx, "DescribeTable", map[string]any{"TableName": "Music"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("typed", func(b *testing.B) {
		client := dynamodb.NewFromConfig(goldenConfig(&discard{body: answer}))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("Music")}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// discard answers every request with the same body and keeps nothing.
type discard struct{ body string }

func (d *discard) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(d.body)),
		ContentLength: int64(len(d.body)), Request: req}, nil
}
