package resourcetest

import (
	"context"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// DemoSpeed is how much faster than real time the tests' demo world runs: its transitions (a
// table CREATING for 6 s, an instance stopping for 8 s) take a few hundred milliseconds, within
// the 50 ms polls and 10 s bounds the tests' waiters use.
const DemoSpeed = 40

var demoServer = sync.OnceValues(func() (*demo.Server, error) {
	return demo.StartWith(context.Background(), demo.Options{Speed: DemoSpeed})
})

// NewDemo is New on the demo world (package demo): the demo-dev account in Region, whose seeded
// data is there besides what a test creates. The server is shared by the test binary and lives
// until it exits.
func NewDemo(t testing.TB) *Env {
	t.Helper()
	srv, err := demoServer()
	if err != nil {
		t.Fatalf("starting the demo world: %v", err)
	}
	cfg := aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider(world.Dev.AccessKey, world.Dev.SecretKey, ""),
		BaseEndpoint: aws.String(srv.URL),
	}
	return &Env{t: t, url: srv.URL, cfg: cfg, invokers: map[string]*invoke.Invoker{}}
}

// Backend is a way to get an Env: moto or the demo world.
type Backend struct {
	Name string
	New  func(testing.TB) *Env
}

// Backends are moto and the demo world: cases run on both keep the demo true to the real
// protocols, as moto speaks them.
func Backends() []Backend {
	return []Backend{{Name: "moto", New: New}, {Name: "demo", New: NewDemo}}
}
