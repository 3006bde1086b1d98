package sessionmgr

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// fakeS3 is an in-process S3 that counts the requests it receives.
type fakeS3 struct {
	URL      string
	requests atomic.Int64
}

func startFakeS3(t *testing.T) *fakeS3 {
	t.Helper()
	f := &fakeS3{}
	handler := gofakes3.New(s3mem.New()).Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// dummyCredentials is a credentials file with throwaway keys: fake servers accept any.
const dummyCredentials = "[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = testsecret\n"

func s3Client(t *testing.T, m *Manager, profile string) *s3.Client {
	t.Helper()
	cfg, err := m.Config(context.Background(), profile, "us-east-1")
	if err != nil {
		t.Fatalf("Config(%s): %v", profile, err)
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

func TestReadOnlyRefusesMutationsBeforeSending(t *testing.T) {
	fake := startFakeS3(t)
	m := newManager(t, "", dummyCredentials, nil, func(o *Options) {
		o.EndpointURL = fake.URL
		o.ReadOnly = true
	})
	client := s3Client(t, m, "default")
	ctx := context.Background()

	_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos")})
	if !errors.Is(err, readonly.ErrRefused) {
		t.Fatalf("CreateBucket in read-only mode: err = %v, want ErrRefused", err)
	}
	_, err = client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("photos"), Key: aws.String("a.txt"), Body: strings.NewReader("x")})
	if !errors.Is(err, readonly.ErrRefused) {
		t.Fatalf("PutObject in read-only mode: err = %v, want ErrRefused", err)
	}
	if n := fake.requests.Load(); n != 0 {
		t.Fatalf("the server saw %d requests for refused calls, want 0", n)
	}
	if got := Explain(err); !strings.Contains(got, "S3 PutObject") || !strings.Contains(got, "--readonly") {
		t.Errorf("Explain(refusal) = %q", got)
	}

	if _, err := client.ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Fatalf("ListBuckets in read-only mode: %v", err)
	}
	if fake.requests.Load() == 0 {
		t.Fatal("ListBuckets did not reach the server")
	}
}

func TestWritableWithoutReadOnly(t *testing.T) {
	fake := startFakeS3(t)
	m := newManager(t, "", dummyCredentials, nil, func(o *Options) { o.EndpointURL = fake.URL })
	client := s3Client(t, m, "default")
	ctx := context.Background()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("photos")}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	out, err := client.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil {
		t.Fatalf("ListBuckets: %v", err)
	}
	if len(out.Buckets) != 1 || aws.ToString(out.Buckets[0].Name) != "photos" {
		t.Fatalf("buckets = %+v, want photos", out.Buckets)
	}
}

// deadEndpoint is a loopback address nothing listens on: a request sent there fails.
func deadEndpoint(t *testing.T) string {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	return srv.URL
}

func TestEndpointSources(t *testing.T) {
	cases := []struct {
		name    string
		config  string
		env     func(t *testing.T, fake, dead string) // sets process environment read by the SDK
		flagURL func(fake, dead string) string
	}{
		{
			name:    "flag",
			flagURL: func(fake, _ string) string { return fake },
		},
		{
			name: "AWS_ENDPOINT_URL",
			env:  func(t *testing.T, fake, _ string) { t.Setenv("AWS_ENDPOINT_URL", fake) },
		},
		{
			name: "AWS_ENDPOINT_URL_S3 beats AWS_ENDPOINT_URL",
			env: func(t *testing.T, fake, dead string) {
				t.Setenv("AWS_ENDPOINT_URL", dead)
				t.Setenv("AWS_ENDPOINT_URL_S3", fake)
			},
		},
		{
			name:   "profile services section",
			config: "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = FAKE\n",
		},
		{
			name:   "AWS_ENDPOINT_URL beats services section",
			config: "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = DEAD\n",
			env:    func(t *testing.T, fake, _ string) { t.Setenv("AWS_ENDPOINT_URL", fake) },
		},
		{
			name:   "services section beats profile endpoint_url",
			config: "[default]\nendpoint_url = DEAD\nservices = local\n[services local]\ns3 =\n  endpoint_url = FAKE\n",
		},
		{
			name:   "profile endpoint_url",
			config: "[default]\nendpoint_url = FAKE\n",
		},
		{
			name:    "flag beats AWS_ENDPOINT_URL_S3 and services",
			config:  "[default]\nservices = local\n[services local]\ns3 =\n  endpoint_url = DEAD\n",
			env:     func(t *testing.T, _, dead string) { t.Setenv("AWS_ENDPOINT_URL_S3", dead) },
			flagURL: func(fake, _ string) string { return fake },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake, dead := startFakeS3(t), deadEndpoint(t)
			config := strings.NewReplacer("FAKE", fake.URL, "DEAD", dead).Replace(tc.config)
			cfgPath, credPath := writeFiles(t, config, dummyCredentials)
			opts := Options{ConfigFile: cfgPath, CredentialsFile: credPath, Getenv: testEnv(t, nil)}
			if tc.env != nil {
				tc.env(t, fake.URL, dead)
			}
			if tc.flagURL != nil {
				opts.EndpointURL = tc.flagURL(fake.URL, dead)
			}
			m, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s3Client(t, m, "default").ListBuckets(context.Background(), &s3.ListBucketsInput{}); err != nil {
				t.Fatalf("ListBuckets: %v", err)
			}
			if fake.requests.Load() == 0 {
				t.Fatal("the request did not reach the fake S3")
			}
		})
	}
}
