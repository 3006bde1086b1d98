package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/demo"
)

// s3Refusing answers every request with status and body, as S3 answers a refusal: a HEAD gets
// the status alone, as from S3.
func s3Refusing(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("X-Amz-Request-Id", "R1")
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			io.WriteString(w, body)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

const (
	xmlAccessDenied = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>`
	// gofakes3 and some S3 look-alikes leave the Message out.
	xmlBucketNotEmpty = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Error><Code>BucketNotEmpty</Code><Resource>b</Resource></Error>`
	xmlBucketExists   = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Error><Code>BucketAlreadyExists</Code><Resource>b</Resource></Error>`
)

// The S3 commands word S3's refusals as the installed AWS CLI does, compared line for line on the
// same server: AccessDenied as S3 sends it (the body moto cannot), a HEAD refused without a body
// (botocore names it by its status, "403" and "Forbidden"; nimbus said "(Forbidden)"), and
// error documents without a Message (botocore says "Unknown"; nimbus said "" or "UnknownError").
func TestS3RefusalsReadAsTheAWSCLIPrintsThem(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	file := dir + "/hello.txt"
	if err := os.WriteFile(file, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		status int
		body   string
		aws    []string
		nimbus func(url string, out, errOut io.Writer) int
	}{
		{"rm access denied", 403, xmlAccessDenied, []string{"s3", "rm", "s3://b/k"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))

				return Rm(ctx, nav, RmOptions{Path: "s3://b/k"}, out, errOut)
			}},
		{"rm --recursive access denied", 403, xmlAccessDenied, []string{"s3", "rm", "s3://b/p/", "--recursive"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))

				return Rm(ctx, nav, RmOptions{Path: "s3://b/p/", Recursive: true}, out, errOut)
			}},
		{"mb access denied", 403, xmlAccessDenied, []string{"s3", "mb", "s3://b"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))
				return Mb(ctx, nav, "s3://b", "", out, errOut)
			}},
		{"upload access denied", 403, xmlAccessDenied, []string{"s3", "cp", file, "s3://b/k", "--no-progress"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))

				return Cp(ctx, nav, TransferOptions{Src: file, Dst: "s3://b/k"}, out, errOut)
			}},
		{"download refused on HEAD", 403, xmlAccessDenied, []string{"s3", "cp", "s3://b/k", dir, "--no-progress"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))

				return Cp(ctx, nav, TransferOptions{Src: "s3://b/k", Dst: dir}, out, errOut)
			}},
		{"rb without a message", 409, xmlBucketNotEmpty, []string{"s3", "rb", "s3://b"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))
				return Rb(ctx, nav, "s3://b", false, out, errOut)
			}},
		{"mb without a message", 409, xmlBucketExists, []string{"s3", "mb", "s3://b"},
			func(url string, out, errOut io.Writer) int {
				nav := s3nav.New(demo.Config(url))
				return Mb(ctx, nav, "s3://b", "", out, errOut)
			}},
		{"call without a message", 409, xmlBucketNotEmpty, []string{"s3api", "delete-bucket", "--bucket", "b"},
			func(url string, out, errOut io.Writer) int {
				return Call(ctx, invoke.New(demo.Config(url), loadService(t, "s3"), invoke.Options{}),
					"delete-bucket", map[string]any{"Bucket": "b"}, CallOptions{}, out, errOut)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each waits on the aws CLI's start-up
			url := s3Refusing(t, tc.status, tc.body)
			wantErr, wantCode := awsCLIFails(t, url, tc.aws...)
			var out, errOut bytes.Buffer
			code := tc.nimbus(url, &out, &errOut)
			got := strings.TrimPrefix(strings.TrimSpace(errOut.String()), "nimbus call: ")
			if want := strings.TrimSpace(wantErr); got != want || out.Len() != 0 {
				t.Errorf("stdout %q, stderr\n%q\nthe AWS CLI prints\n%q", out.String(), got, want)
			}
			if tc.aws[0] == "s3" && code != wantCode {
				t.Errorf("exit %d, the AWS CLI's %d", code, wantCode)
			}
		})
	}
}
