package motoserver

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestStartServesSTSAndStops(t *testing.T) {
	var url string
	t.Run("running", func(t *testing.T) {
		srv := Start(t)
		url = srv.URL
		if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
			t.Fatalf("URL = %q, want loopback", srv.URL)
		}
		out, err := sts.NewFromConfig(srv.AWSConfig("us-east-1")).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		if err != nil {
			t.Fatalf("GetCallerIdentity against moto: %v", err)
		}
		if got := aws.ToString(out.Account); got != AccountID {
			t.Fatalf("account = %q, want %q", got, AccountID)
		}
		if err := srv.Reset(); err != nil {
			t.Fatal(err)
		}
	})
	// The subtest's cleanup has run: the server must be gone.
	if resp, err := http.Get(url + "/moto-api/"); err == nil {
		resp.Body.Close()
		t.Fatalf("moto_server still answers on %s after cleanup", url)
	}
}

func TestStartSharedReturnsOneServer(t *testing.T) {
	a, b := StartShared(t), StartShared(t)
	if a != b {
		t.Fatalf("StartShared started two servers: %s and %s", a.URL, b.URL)
	}
}

// TestSharedServerDiesWithTestBinary runs this test binary as a child that starts a shared server and
// exits without any cleanup; the server must not outlive it.
func TestSharedServerDiesWithTestBinary(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("parent-death signal is Linux-only")
	}
	if os.Getenv("MOTOSERVER_CHILD") == "1" {
		srv := StartShared(t)
		fmt.Println("URL=" + srv.URL)
		os.Exit(0)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSharedServerDiesWithTestBinary$")
	cmd.Env = append(os.Environ(), "MOTOSERVER_CHILD=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	_, url, ok := strings.Cut(strings.TrimSpace(string(out)), "URL=")
	if !ok {
		t.Fatalf("child printed no URL: %q", out)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(url + "/moto-api/")
		if err != nil {
			return // gone
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatalf("moto_server on %s outlived the test binary that started it", url)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestFindReportsInstallHint(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	_, err := Find()
	if err == nil || !strings.Contains(err.Error(), "pip install 'moto[server]'") {
		t.Fatalf("Find with no moto = %v, want the install hint", err)
	}
}
