package demo_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// startWorld starts a demo server on clock (nil: real time), closed with the test.
func startWorld(t *testing.T, clock world.Clock) *demo.Server {
	t.Helper()
	srv, err := demo.StartWith(context.Background(), demo.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// caller is the engine's invoker for service, signed as account in region, sent to srv.
func caller(t *testing.T, srv *demo.Server, a world.Account, region, service string) *invoke.Invoker {
	t.Helper()
	svc, err := model.Load(service)
	if err != nil {
		t.Fatal(err)
	}
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(a.AccessKey, a.SecretKey, ""),
	}
	return invoke.New(cfg, svc, invoke.Options{EndpointURL: srv.URL})
}

func TestCallerIdentityPerProfile(t *testing.T) {
	srv := startWorld(t, nil)
	for _, a := range world.Accounts() {
		out, err := caller(t, srv, a, "us-east-1", "sts").Call(context.Background(), "GetCallerIdentity", nil)
		if err != nil {
			t.Fatal(err)
		}
		if out["Account"] != a.ID || !strings.HasSuffix(out["Arn"].(string), ":user/"+a.User) {
			t.Errorf("%s: GetCallerIdentity = %v", a.Profile, out)
		}
	}
}

// Every protocol's read outside the world gets an empty answer the engine decodes.
func TestGenericReadsInEveryProtocol(t *testing.T) {
	srv := startWorld(t, nil)
	for _, c := range []struct{ service, op string }{
		{"route53", "ListHostedZones"},           // rest-xml
		{"kafka", "ListClusters"},                // rest-json
		{"kinesis", "ListStreams"},               // json
		{"elasticache", "DescribeCacheClusters"}, // query
		{"ec2", "DescribeKeyPairs"},              // ec2
		{"sns", "ListTopics"},                    // query
		{"cloudwatch", "DescribeAlarms"},         // json, offered with query and cbor
	} {
		if _, err := caller(t, srv, world.Dev, "us-east-1", c.service).Call(context.Background(), c.op, nil); err != nil {
			t.Errorf("%s %s: %v", c.service, c.op, err)
		}
	}
}

// A change outside the world is refused in the service's own error format.
func TestGenericChangeIsRefused(t *testing.T) {
	srv := startWorld(t, nil)
	for _, c := range []struct {
		service, op string
		in          map[string]any
	}{
		{"route53", "CreateHostedZone", map[string]any{"Name": "example.com", "CallerReference": "x"}},
		{"kafka", "DeleteCluster", map[string]any{"ClusterArn": "arn:aws:kafka:us-east-1:111111111111:cluster/x/y"}},
		{"kinesis", "CreateStream", map[string]any{"StreamName": "s"}},
		{"sns", "CreateTopic", map[string]any{"Name": "t"}},
		{"ec2", "CreateKeyPair", map[string]any{"KeyName": "k"}},
	} {
		_, err := caller(t, srv, world.Dev, "us-east-1", c.service).Call(context.Background(), c.op, c.in)
		var api *invoke.APIError
		if !errors.As(err, &api) || api.Code != "UnsupportedOperation" || !strings.Contains(api.Message, "not in the demo") {
			t.Errorf("%s %s: %v", c.service, c.op, err)
		}
	}
}
