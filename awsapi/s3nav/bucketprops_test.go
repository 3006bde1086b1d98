package s3nav_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// Every section of a bucket reads on moto: configured ones as documents, the others as not set;
// an edited document goes back through its Put call.
func TestBucketPropertiesOnMoto(t *testing.T) {
	nav, _ := versioned(t, "props-b")
	ctx := context.Background()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::props-b"}]}`
	for name, doc := range map[string]string{
		"Policy": policy,
		"CORS":   `{"CORSRules":[{"AllowedMethods":["GET"],"AllowedOrigins":["*"]}]}`,
		"Tags":   `{"TagSet":[{"Key":"team","Value":"blue"}]}`,
	} {
		if err := nav.PutBucketSection(ctx, "props-b", name, []byte(doc)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if err := nav.PutBucketSection(ctx, "props-b", "CORS", []byte(`{"CORSRules": "nope"}`)); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Fatalf("a malformed document: %v", err)
	}
	secs, err := nav.BucketProperties(ctx, "props-b")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range secs {
		switch {
		case s.Err != nil:
			got[s.Name] = "error: " + s.Err.Error()
		case s.Doc == nil:
			got[s.Name] = "not set"
		default:
			b, _ := json.Marshal(s.Doc)
			got[s.Name] = string(b)
		}
	}
	if len(secs) != 12 {
		t.Fatalf("%d sections", len(secs))
	}
	for name, want := range map[string]string{
		"Versioning": `"Status":"Enabled"`,
		"Policy":     `"Action":"s3:DeleteBucket"`,
		"CORS":       `"AllowedOrigins":["*"]`,
		"Tags":       `{"TagSet":[{"Key":"team","Value":"blue"}]}`,
		"Website":    "not set",
		"Lifecycle":  "not set",
	} {
		if !strings.Contains(got[name], want) {
			t.Errorf("%s = %s, want %s", name, got[name], want)
		}
	}
	t.Logf("sections: %v", got)
}
