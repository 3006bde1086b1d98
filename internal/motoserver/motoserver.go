// Package motoserver starts a local moto_server (https://github.com/getmoto/moto) for integration tests
// that need AWS services other than S3 (S3 tests use in-process gofakes3).
//
// moto speaks the real AWS wire protocols on loopback. Point clients at it with dummy credentials, which
// moto accepts without checking, and any region (us-east-1 is moto's default):
//
//	srv := motoserver.StartShared(t)
//	cfg := srv.AWSConfig("us-east-1") // static credentials "testing"/"testing", BaseEndpoint = srv.URL
//	client := sts.NewFromConfig(cfg)
//
// or, for code that builds its own configuration, set AWS_ACCESS_KEY_ID=testing,
// AWS_SECRET_ACCESS_KEY=testing and AWS_ENDPOINT_URL=srv.URL (t.Setenv). Never let a test fall back to
// real credentials: always set both the endpoint and the dummy keys.
//
// When moto_server is not installed the test fails (it does not skip) and says how to install it:
// pip install 'moto[server]'.
package motoserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Dummy credentials moto accepts. They are not secrets.
const (
	AccessKeyID     = "testing"
	SecretAccessKey = "testing"
	// AccountID is the account moto reports for the dummy credentials (STS GetCallerIdentity).
	AccountID = "123456789012"
)

// InstallHint is the message shown when moto_server cannot be found.
const InstallHint = "moto_server not found on PATH or under ~/.pyenv/versions/*/bin: install it with " +
	"`pip install 'moto[server]'` (moto 5.x), then re-run the tests"

// startTimeout bounds how long we wait for moto to answer its health check.
const startTimeout = 30 * time.Second

// Server is a running moto_server.
type Server struct {
	// URL is the server's base URL, e.g. http://127.0.0.1:40123.
	URL string

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

// Start starts a dedicated moto_server for this test and stops it in t.Cleanup.
func Start(t testing.TB) *Server {
	t.Helper()
	srv, err := start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	return srv
}

// shared is the one server per test binary handed out by StartShared. It is the only package-level
// state: sharing saves each test the 1–3 s moto takes to start.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// StartShared returns a moto_server shared by every test of this test binary, starting it on first use.
// Its state is shared too: call Reset (or use unique names) when a test needs a clean slate. The process
// is killed when the test binary exits (parent-death signal on Linux), so no cleanup is needed.
func StartShared(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() { shared.srv, shared.err = start() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.srv
}

// Reset drops all state held by the server (POST /moto-api/reset).
func (s *Server) Reset() error {
	resp, err := http.Post(s.URL+"/moto-api/reset", "application/json", nil)
	if err != nil {
		return fmt.Errorf("resetting moto_server: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("resetting moto_server: HTTP %d", resp.StatusCode)
	}
	return nil
}

// AWSConfig returns an aws.Config that sends every service to this server with the dummy credentials.
func (s *Server) AWSConfig(region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
		BaseEndpoint: aws.String(s.URL),
	}
}

// Find returns the path of moto_server: on PATH (a pyenv shim is resolved to the interpreter's own
// script, so the parent-death signal reaches the real process), else under ~/.pyenv/versions/*/bin.
func Find() (string, error) {
	var candidates []string
	if p, err := exec.LookPath("moto_server"); err == nil {
		candidates = append(candidates, p)
	}
	if home, err := os.UserHomeDir(); err == nil {
		matches, _ := filepath.Glob(filepath.Join(home, ".pyenv", "versions", "*", "bin", "moto_server"))
		candidates = append(candidates, matches...)
	}
	// Prefer a real script over a shim (a shim runs moto in a grandchild process).
	for _, c := range candidates {
		if !strings.Contains(c, string(filepath.Separator)+"shims"+string(filepath.Separator)) {
			return c, nil
		}
	}
	if len(candidates) > 0 {
		return candidates[0], nil
	}
	return "", errors.New(InstallHint)
}

func start() (*Server, error) {
	bin, err := Find()
	if err != nil {
		return nil, err
	}
	// A free port can be taken between our probe and moto's bind: try a few times.
	var lastErr error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		srv, err := launch(bin, port)
		if err == nil {
			return srv, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func launch(bin string, port int) (*Server, error) {
	srv := &Server{
		URL:  "http://127.0.0.1:" + strconv.Itoa(port),
		done: make(chan struct{}),
	}
	started := make(chan error, 1)
	// The process is started from a goroutine locked to its OS thread that lives as long as the
	// process: Linux delivers the parent-death signal when the creating thread exits, and this thread
	// only exits with the test binary.
	go func() {
		lockThread()
		cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		cmd.SysProcAttr = procAttr()
		// moto logs every request to stderr; keep test output readable.
		cmd.Stdout, cmd.Stderr = nil, nil
		if err := cmd.Start(); err != nil {
			started <- fmt.Errorf("starting %s: %w", bin, err)
			close(srv.done)
			return
		}
		srv.cmd = cmd
		started <- nil
		_ = cmd.Wait()
		close(srv.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	if err := srv.waitHealthy(); err != nil {
		srv.stop()
		return nil, err
	}
	return srv, nil
}

// waitHealthy polls GET /moto-api/ until it answers 200, the process exits or startTimeout passes.
func (s *Server) waitHealthy() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/moto-api/", nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return fmt.Errorf("moto_server exited before answering on %s (port taken, or a broken install? "+
				"try `moto_server -p 5000` by hand; install with `pip install 'moto[server]'`)", s.URL)
		case <-ctx.Done():
			return fmt.Errorf("moto_server did not answer GET %s/moto-api/ within %s", s.URL, startTimeout)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop kills the server (and its process group) and waits for it to exit.
func (s *Server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		killGroup(s.cmd.Process.Pid)
		_ = s.cmd.Process.Kill()
	}
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("finding a free port for moto_server: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
