// Package demo runs a small AWS in process on 127.0.0.1 with sample data, so nimbus can be tried
// with no AWS account, network or install (`nimbus --demo`): S3 is gofakes3 over an in-memory
// backend; every other service is answered in its own wire protocol from the botocore models
// (package wire), by the world's state stores (package world) for the services the demo holds
// and by an empty answer of the right shape for every other read. Start only opens the port: the
// buckets are seeded in the background so the first frame is never delayed, and an S3 request
// waits until the small buckets are there (the 100,000-key bucket goes on filling after that).
package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// Dummy credentials and region of the demo server. gofakes3 does not check signatures, but the
// SDK wants something to sign with.
const (
	AccessKeyID     = "demo"
	SecretAccessKey = "demo"
	Region          = "us-east-1"
)

// Server is a running demo S3 server.
type Server struct {
	// URL is the endpoint, e.g. http://127.0.0.1:41234. Use it with path-style addressing.
	URL string

	// World is the state of every service but S3.
	World *world.World

	handler    *S3Handler
	http       *http.Server
	profileDir string
	configFile string
	credsFile  string
	cancel     context.CancelFunc
	done       chan struct{} // closed when the server goroutine has returned
	seeded     chan struct{} // closed when the background seed has finished
	seedErr    error         // set before seeded is closed

	closeOnce sync.Once
}

// Options configure a demo server.
type Options struct {
	// SeedAfter holds the seeding of the buckets, and every request, until it is closed (nil: at
	// once): nimbus lets its first frame out before the seed, or the models a request needs, take
	// the CPU.
	SeedAfter <-chan struct{}
	// Clock is the world's clock (nil: real time); tests step it to move instances along.
	Clock world.Clock
	// Speed makes the world's transitions this many times quicker (the end-to-end and resource
	// tests; 0 or 1: as world.StoppingFor and the others say). Timestamps stay the clock's.
	Speed float64
}

// Start listens on 127.0.0.1 (a free port) and returns; the buckets are seeded in a background
// goroutine, and requests wait for the small ones (the big bucket, BigBucket with BigKeys keys,
// exists by then and goes on filling). Cancelling ctx or calling Close stops the seeding.
func Start(ctx context.Context) (*Server, error) { return StartWith(ctx, Options{}) }

// StartAfter is Start with the seeding held until begin is closed (nil: at once).
func StartAfter(ctx context.Context, begin <-chan struct{}) (*Server, error) {
	return StartWith(ctx, Options{SeedAfter: begin})
}

// StartWith starts a demo server with options. The world behind the other services is built
// lazily, one account and region at a time, on their first request.
func StartWith(ctx context.Context, opts Options) (*Server, error) {
	begin := opts.SeedAfter
	clock := newSeedClock()
	backend := s3mem.New(s3mem.WithTimeSource(clock))
	h := Handler(backend)
	seeder := &seeder{backend: backend, handler: h, clock: clock}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo server on 127.0.0.1: %w", err)
	}
	url := "http://" + ln.Addr().String()
	dir, cfgFile, credsFile, err := writeProfiles(url)
	if err != nil {
		ln.Close()
		return nil, err
	}
	seedCtx, cancel := context.WithCancel(ctx)
	g := &gate{ready: make(chan struct{}), next: h}
	w := world.New(opts.Clock, opts.Speed)
	s := &Server{
		URL:        url,
		handler:    h,
		World:      w,
		profileDir: dir,
		configFile: cfgFile,
		credsFile:  credsFile,
		cancel:     cancel,
		done:       make(chan struct{}),
		seeded:     make(chan struct{}),
	}
	rt := newRouter(g, w, model.Default())
	rt.begin, rt.done = begin, seedCtx.Done()
	s.http = &http.Server{Handler: rt, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		_ = s.http.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	go func() {
		defer close(s.seeded)
		if begin != nil {
			select {
			case <-begin:
			case <-seedCtx.Done():
				g.err = fmt.Errorf("seeding the demo buckets: %w", seedCtx.Err())
				s.seedErr = g.err
				close(g.ready)
				return
			}
		}
		err := seeder.small()
		if err == nil {
			err = seeder.createBig()
		}
		if err != nil {
			g.err = fmt.Errorf("seeding the demo buckets: %w", err)
			s.seedErr = g.err
			close(g.ready)
			return
		}
		close(g.ready)
		s.seedErr = seeder.fillBig(seedCtx)
		clock.goLive()
	}()
	return s, nil
}

// gate holds requests until the small buckets are seeded, so the first listing is never empty.
type gate struct {
	ready chan struct{}
	err   error // set before ready is closed: the seed failed
	next  http.Handler
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case <-g.ready:
	case <-r.Context().Done():
		return
	}
	if g.err != nil {
		http.Error(w, g.err.Error(), http.StatusInternalServerError)
		return
	}
	g.next.ServeHTTP(w, r)
}

// Seeded is closed when the background seed of the big bucket has finished (or was stopped).
func (s *Server) Seeded() <-chan struct{} { return s.seeded }

// SeedErr is the background seed's error, nil when it completed. Read it after Seeded is closed.
func (s *Server) SeedErr() error {
	select {
	case <-s.seeded:
		return s.seedErr
	default:
		return errors.New("the demo data is still being seeded")
	}
}

// Close stops the seed and the server and waits for both.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		<-s.seeded
		_ = s.http.Close()
		<-s.done
		os.RemoveAll(s.profileDir)
	})
}

// Env is the environment that points the AWS CLI, boto3 or nimbus at the demo server.
func (s *Server) Env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
		"AWS_REGION=" + Region,
		"AWS_DEFAULT_REGION=" + Region,
		"AWS_ENDPOINT_URL=" + s.URL,
	}
}

// AWSConfig is an aws.Config for the demo server: dummy static credentials, the demo region and
// the server's URL as BaseEndpoint. S3 clients made from it need UsePathStyle (s3nav.New sets
// it for any endpoint override). Checksums are only computed when an operation requires them,
// since gofakes3 does not understand trailing checksums.
func (s *Server) AWSConfig() aws.Config {
	return Config(s.URL)
}

// Config is AWSConfig for any S3-compatible endpoint URL (used with httptest servers in tests).
func Config(endpoint string) aws.Config {
	return aws.Config{
		Region:                     Region,
		Credentials:                credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		BaseEndpoint:               aws.String(endpoint),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	}
}

// WaitDelay is how often nimbus's waiters poll the demo world running at speed: the world's
// transitions take seconds (world.StoppingFor…), so every 2 s of the world's time shows several
// attempts where a model's delay (15 s for EC2) would show one or two.
func WaitDelay(speed float64) time.Duration {
	if speed <= 0 {
		speed = 1
	}
	return time.Duration(float64(2*time.Second) / speed)
}
