package invoke

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

func TestDefaultEndpoints(t *testing.T) {
	cases := []struct {
		service, region, host, signingRegion string
	}{
		{"dynamodb", "eu-west-1", "dynamodb.eu-west-1.amazonaws.com", "eu-west-1"},
		{"dynamodb", "cn-north-1", "dynamodb.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		{"dynamodb", "us-gov-west-1", "dynamodb.us-gov-west-1.amazonaws.com", "us-gov-west-1"},
		{"sts", "eu-central-1", "sts.eu-central-1.amazonaws.com", "eu-central-1"},
		{"iam", "eu-west-1", "iam.amazonaws.com", "us-east-1"},
		{"iam", "cn-northwest-1", "iam.cn-north-1.amazonaws.com.cn", "cn-north-1"},
		{"iam", "us-gov-east-1", "iam.us-gov.amazonaws.com", "us-gov-west-1"},
		{"route53", "ap-southeast-2", "route53.amazonaws.com", "us-east-1"},
		{"cloudfront", "eu-west-3", "cloudfront.amazonaws.com", "us-east-1"},
		{"monitoring", "sa-east-1", "monitoring.sa-east-1.amazonaws.com", "sa-east-1"},
	}
	for _, tc := range cases {
		ep, err := resolveEndpoint(aws.Config{Region: tc.region}, metadataFor(tc.service), "")
		if err != nil {
			t.Fatalf("%s in %s: %v", tc.service, tc.region, err)
		}
		if ep.url.Host != tc.host || ep.signingRegion != tc.signingRegion || ep.url.Scheme != "https" {
			t.Errorf("%s in %s: %s signed for %s, want %s signed for %s", tc.service, tc.region,
				ep.url, ep.signingRegion, tc.host, tc.signingRegion)
		}
	}
	if _, err := resolveEndpoint(aws.Config{}, metadataFor("sqs"), ""); err == nil {
		t.Error("no region and no endpoint should be an error")
	}
}

func metadataFor(prefix string) (md model.Metadata) {
	md.EndpointPrefix = prefix
	return md
}

func TestConfiguredEndpointsFollowTheTypedClients(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	os.WriteFile(cfgFile, []byte(`[profile dev]
region = eu-west-1
services = local
endpoint_url = http://profile-global:1

[services local]
dynamodb =
  endpoint_url = http://profile-dynamodb:2
`), 0o600)
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_PROFILE", "AWS_REGION"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	load := func() aws.Config {
		cfg, err := config.LoadDefaultConfig(context.Background(), config.WithSharedConfigProfile("dev"),
			config.WithSharedConfigFiles([]string{cfgFile}), config.WithSharedCredentialsFiles([]string{filepath.Join(dir, "none")}),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("a", "b", "")))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	ddb := metadataFor("dynamodb")
	ddb.ServiceID = "DynamoDB"
	s3md := metadataFor("s3")
	s3md.ServiceID = "S3"
	check := func(name string, cfg aws.Config, md model.Metadata, override, want string) {
		t.Helper()
		ep, err := resolveEndpoint(cfg, md, override)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ep.url.String() != want {
			t.Errorf("%s: %s, want %s", name, ep.url, want)
		}
	}
	check("profile services section", load(), ddb, "", "http://profile-dynamodb:2")
	check("profile endpoint_url", load(), s3md, "", "http://profile-global:1")
	check("--endpoint-url wins", load(), ddb, "http://flag:3", "http://flag:3")

	t.Setenv("AWS_ENDPOINT_URL", "http://env-global:4")
	check("global env hides the profile's services section", load(), ddb, "", "http://env-global:4")
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb:5")
	check("service env wins", load(), ddb, "", "http://env-dynamodb:5")
	check("other services keep the global env", load(), s3md, "", "http://env-global:4")
}

func TestHostPrefixAndS3Addressing(t *testing.T) {
	rec := &recorder{body: `{}`}
	inv := New(goldenConfig(rec), loadModel(t, "servicediscovery"), Options{})
	// DiscoverInstances has the host prefix "data-".
	if _, err := inv.Call(context.Background(), "DiscoverInstances", map[string]any{"NamespaceName": "n", "ServiceName": "s"}); err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t).Host; got != "data-servicediscovery.us-west-2.amazonaws.com" {
		t.Errorf("host with prefix: %s", got)
	}

	s3rec := &recorder{body: `<ListBucketResult></ListBucketResult>`}
	cases := []struct {
		bucket   string
		endpoint string
		opts     Options
		host     string
		path     string
	}{
		{"photos", "", Options{}, "photos.s3.us-west-2.amazonaws.com", "/"},
		{"my.dotted.bucket", "", Options{}, "s3.us-west-2.amazonaws.com", "/my.dotted.bucket"},
		{"Upper_Case", "", Options{}, "s3.us-west-2.amazonaws.com", "/Upper_Case"},
		{"photos", "", Options{S3PathStyle: true}, "s3.us-west-2.amazonaws.com", "/photos"},
		{"photos", "http://127.0.0.1:9000", Options{}, "127.0.0.1:9000", "/photos"},
		{"photos", "http://minio.local:9000/base", Options{}, "photos.minio.local:9000", "/base/"},
	}
	for _, tc := range cases {
		opts := tc.opts
		opts.EndpointURL = tc.endpoint
		inv := New(goldenConfig(s3rec), loadModel(t, "s3"), opts)
		if _, err := inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": tc.bucket}); err != nil {
			t.Fatal(err)
		}
		got := s3rec.last(t)
		if got.Host != tc.host || got.Path != tc.path {
			t.Errorf("bucket %s via %q: %s%s, want %s%s", tc.bucket, tc.endpoint, got.Host, got.Path, tc.host, tc.path)
		}
	}
}

// TestEndpointsMatchTypedClients compares host and credential scope with the typed clients in
// each partition.
func TestEndpointsMatchTypedClients(t *testing.T) {
	typed := map[string]func(ctx context.Context, cfg aws.Config){
		"dynamodb": func(ctx context.Context, cfg aws.Config) { dynamodb.NewFromConfig(cfg).ListTables(ctx, nil) },
		"s3": func(ctx context.Context, cfg aws.Config) {
			s3.NewFromConfig(cfg).ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("photos")})
		},
		"sts":    func(ctx context.Context, cfg aws.Config) { sts.NewFromConfig(cfg).GetCallerIdentity(ctx, nil) },
		"lambda": func(ctx context.Context, cfg aws.Config) { lambda.NewFromConfig(cfg).ListFunctions(ctx, nil) },
		"sqs":    func(ctx context.Context, cfg aws.Config) { sqs.NewFromConfig(cfg).ListQueues(ctx, nil) },
	}
	generic := map[string]struct {
		op    string
		input map[string]any
	}{
		"dynamodb": {"ListTables", nil}, "s3": {"ListObjectsV2", map[string]any{"Bucket": "photos"}},
		"sts": {"GetCallerIdentity", nil}, "lambda": {"ListFunctions", nil}, "sqs": {"ListQueues", nil},
	}
	for _, region := range []string{"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"} {
		for service, send := range typed {
			rec := &recorder{body: "{}"}
			cfg := goldenConfig(rec)
			cfg.Region = region
			send(context.Background(), cfg)
			want := rec.last(t)
			inv := New(cfg, loadModel(t, service), Options{})
			g := generic[service]
			inv.Invoke(context.Background(), g.op, g.input)
			got := rec.last(t)
			if got.Host != want.Host || scope(got) != scope(want) {
				t.Errorf("%s in %s: %s %s, typed client: %s %s", service, region, got.Host, scope(got), want.Host, scope(want))
			}
		}
	}
}

// scope is the credential scope of a signed request, e.g. "us-east-1/s3".
func scope(r recordedRequest) string {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "Credential=")
	if i < 0 {
		return ""
	}
	parts := strings.Split(strings.SplitN(auth[i:], ",", 2)[0], "/")
	if len(parts) < 4 {
		return ""
	}
	return parts[2] + "/" + parts[3]
}

// regionalS3 answers like S3 for a bucket that lives in eu-west-1: requests that reach another
// region get 301 PermanentRedirect with X-Amz-Bucket-Region.
type regionalS3 struct{ recorder }

func (r *regionalS3) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.recorder.Do(req)
	if !strings.Contains(req.URL.Host, ".eu-west-1.") {
		resp.StatusCode = 301
		resp.Header.Set("X-Amz-Bucket-Region", "eu-west-1")
		resp.Body = io.NopCloser(strings.NewReader(`<Error><Code>PermanentRedirect</Code><Message>use the right endpoint</Message></Error>`))
	}
	return resp, err
}

func TestS3RegionRedirect(t *testing.T) {
	s3rec := &regionalS3{}
	s3rec.body = `<ListBucketResult><Name>photos</Name></ListBucketResult>`
	inv := New(goldenConfig(s3rec), loadModel(t, "s3"), Options{})
	out, err := inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "photos"})
	if err != nil {
		t.Fatal(err)
	}
	if out["Name"] != "photos" || s3rec.count() != 2 {
		t.Fatalf("output %v after %d requests", out, s3rec.count())
	}
	got := s3rec.last(t)
	if got.Host != "photos.s3.eu-west-1.amazonaws.com" || scope(got) != "eu-west-1/s3" {
		t.Fatalf("retried at %s signed for %s", got.Host, scope(got))
	}
	// The bucket's region is remembered: the next call goes there at once.
	if _, err := inv.Call(context.Background(), "HeadBucket", map[string]any{"Bucket": "photos"}); err != nil {
		t.Fatal(err)
	}
	if s3rec.count() != 3 || s3rec.last(t).Host != "photos.s3.eu-west-1.amazonaws.com" {
		t.Fatalf("second call: %d requests, last to %s", s3rec.count(), s3rec.last(t).Host)
	}
	// Other buckets still start in the configured region.
	inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "other"})
	if first := s3rec.requests[3]; first.Host != "other.s3.us-west-2.amazonaws.com" {
		t.Fatalf("another bucket went to %s", first.Host)
	}
}

func TestFIPSAndDualStackFromConfig(t *testing.T) {
	for _, k := range []string{"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_ENDPOINT_URL", "AWS_PROFILE"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	load := func() aws.Config {
		cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
			config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}),
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("a", "b", "")))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	md := metadataFor("dynamodb")
	ep, _ := resolveEndpoint(load(), md, "")
	if ep.url.Host != "dynamodb.us-east-1.amazonaws.com" {
		t.Fatalf("default: %s", ep.url.Host)
	}
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	ep, _ = resolveEndpoint(load(), md, "")
	if ep.url.Host != "dynamodb-fips.us-east-1.amazonaws.com" {
		t.Fatalf("FIPS: %s", ep.url.Host)
	}
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "false")
	t.Setenv("AWS_USE_DUALSTACK_ENDPOINT", "true")
	ep, _ = resolveEndpoint(load(), metadataFor("s3"), "")
	if ep.url.Host != "s3.dualstack.us-east-1.amazonaws.com" {
		t.Fatalf("dual-stack: %s", ep.url.Host)
	}

	// The same settings, the typed clients' hosts.
	t.Setenv("AWS_USE_FIPS_ENDPOINT", "true")
	t.Setenv("AWS_USE_DUALSTACK_ENDPOINT", "false")
	for service, send := range map[string]func(ctx context.Context, cfg aws.Config){
		"dynamodb": func(ctx context.Context, cfg aws.Config) { dynamodb.NewFromConfig(cfg).ListTables(ctx, nil) },
		"sts":      func(ctx context.Context, cfg aws.Config) { sts.NewFromConfig(cfg).GetCallerIdentity(ctx, nil) },
		"lambda":   func(ctx context.Context, cfg aws.Config) { lambda.NewFromConfig(cfg).ListFunctions(ctx, nil) },
	} {
		rec := &recorder{body: "{}"}
		cfg := load()
		cfg.HTTPClient = rec
		cfg.RetryMaxAttempts = 1
		send(context.Background(), cfg)
		want := rec.last(t).Host
		ep, err := resolveEndpoint(cfg, loadModel(t, service).Metadata, "")
		if err != nil || ep.url.Host != want {
			t.Errorf("%s with FIPS: %s (%v), typed client %s", service, ep.url.Host, err, want)
		}
	}
}

func TestEndpointAccessor(t *testing.T) {
	inv := New(goldenConfig(&recorder{}), loadModel(t, "iam"), Options{})
	u, custom, err := inv.Endpoint()
	if err != nil || u != "https://iam.amazonaws.com" || custom {
		t.Fatalf("%s %v %v", u, custom, err)
	}
	inv = New(goldenConfig(&recorder{}), loadModel(t, "iam"), Options{EndpointURL: "http://127.0.0.1:5000"})
	if u, custom, _ := inv.Endpoint(); u != "http://127.0.0.1:5000" || !custom || inv.Protocol() != "query" {
		t.Fatalf("%s %v %s", u, custom, inv.Protocol())
	}
}

// A region is put into the host name. Measured before: --region 'x@127.0.0.1:5399#' made the call
// connect to 127.0.0.1:5399. The invoker refuses to build such a request, whoever made the config.
func TestRegionThatIsNotARegionNameSendsNothing(t *testing.T) {
	for _, region := range []string{"x@127.0.0.1:5399#", "us-east-1.evil.example", "us-east-1/x", "eu-west-1?"} {
		rec := &recorder{}
		cfg := goldenConfig(rec)
		cfg.Region = region
		for _, svc := range []string{"s3", "sqs", "dynamodb"} {
			_, err := New(cfg, loadModel(t, svc), Options{}).Call(context.Background(), firstReadOperation(t, svc), map[string]any{})
			if err == nil || !strings.Contains(err.Error(), "is not valid") {
				t.Errorf("%s in %q: %v, want a refused region", svc, region, err)
			}
		}
		if rec.count() != 0 {
			t.Errorf("region %q: %d requests sent, first to %s", region, rec.count(), rec.last(t).Host)
		}
	}
}

// An S3 redirect names the bucket's region in a header: a hostile value must not choose the host.
func TestS3RedirectToHostileRegionIsNotFollowed(t *testing.T) {
	rec := &hostileRegionS3{}
	inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
	_, err := inv.Call(context.Background(), "ListObjectsV2", map[string]any{"Bucket": "photos"})
	if err == nil || !strings.Contains(err.Error(), "PermanentRedirect") || rec.count() != 1 {
		t.Fatalf("%v after %d requests, want the 301 itself after one", err, rec.count())
	}
}

type hostileRegionS3 struct{ recorder }

func (r *hostileRegionS3) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.recorder.Do(req)
	resp.StatusCode = 301
	resp.Header.Set("X-Amz-Bucket-Region", "x@127.0.0.1:5399#")
	resp.Body = io.NopCloser(strings.NewReader(`<Error><Code>PermanentRedirect</Code><Message>elsewhere</Message></Error>`))
	return resp, err
}

func firstReadOperation(t *testing.T, svc string) string {
	t.Helper()
	return map[string]string{"s3": "ListBuckets", "sqs": "ListQueues", "dynamodb": "ListTables"}[svc]
}
