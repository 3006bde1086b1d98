package paginate

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkPage measures the paginator's own work on a 1,000-item S3 page (the fake service
// answers from memory), with numbers as a typed decoder gives them (int64) and as JSON does.
func BenchmarkPage(b *testing.B) {
	for _, kind := range []string{"int64", "float64"} {
		b.Run(kind, func(b *testing.B) {
			contents := make([]any, 1000)
			for i := range contents {
				var size any = int64(i)
				if kind == "float64" {
					size = float64(i)
				}
				contents[i] = map[string]any{"Key": fmt.Sprintf("k%06d", i), "Size": size, "ETag": "\"x\"", "StorageClass": "STANDARD"}
			}
			page := map[string]any{"Contents": contents, "IsTruncated": true, "NextContinuationToken": "t", "KeyCount": int64(1000)}
			caller := &fakeCaller{operation: "ListObjectsV2", serve: func(context.Context, map[string]any) (map[string]any, error) {
				return page, nil
			}}
			def := botocorePaginator(b, "s3", "ListObjectsV2")
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p := New(caller, "ListObjectsV2", def, nil, Options{})
				if _, err := p.Next(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
