package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// nimbus presign prints the URL aws s3 presign prints, but for the signing time: the same
// endpoint, path and SigV4 query parameters, the same expiry; and the URL returns the object.
func TestPresignMatchesAWSCLI(t *testing.T) {
	awsBin, env := rmAWSCLI(t)
	// aws CLI v1 signs presigned URLs with SigV2 unless told otherwise; nimbus (SDK v2) uses SigV4.
	cfg := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(cfg, []byte("[default]\ns3 =\n  signature_version = s3v4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env = append(env, "AWS_CONFIG_FILE="+cfg)
	f := newLsFixture(t, sampleObjects)
	want, awsErr, code := runRmAWS(t, awsBin, env, f.url, "s3", "presign", "s3://alpha/dir/sub/d e.txt", "--expires-in", "600")
	if code != 0 {
		t.Fatalf("aws s3 presign: %d %s", code, awsErr)
	}
	var out, errOut bytes.Buffer
	if c := Presign(context.Background(), f.nav, PresignOptions{Path: "s3://alpha/dir/sub/d e.txt", ExpiresIn: 600}, &out, &errOut); c != 0 {
		t.Fatalf("exit %d: %s", c, errOut.String())
	}
	got := out.String()
	if !strings.HasSuffix(got, "\n") || strings.Count(got, "\n") != 1 {
		t.Fatalf("printed %q", got)
	}
	g, err := url.Parse(strings.TrimSpace(got))
	if err != nil {
		t.Fatal(err)
	}
	w, err := url.Parse(strings.TrimSpace(want))
	if err != nil {
		t.Fatal(err)
	}
	if g.Host != w.Host || g.EscapedPath() != w.EscapedPath() {
		t.Errorf("nimbus %s%s, aws %s%s", g.Host, g.EscapedPath(), w.Host, w.EscapedPath())
	}
	names := func(q url.Values) []string {
		var n []string
		for k := range q {
			n = append(n, k)
		}
		slices.Sort(n)
		return n
	}
	gq, wq := g.Query(), w.Query()
	gq.Del("x-id") // the Go SDK names the operation in the URL (x-id=GetObject); S3 ignores it
	if !slices.Equal(names(gq), names(wq)) || gq.Get("X-Amz-Expires") != "600" || wq.Get("X-Amz-Expires") != "600" ||
		gq.Get("X-Amz-SignedHeaders") != wq.Get("X-Amz-SignedHeaders") {
		t.Errorf("query parameters differ:\nnimbus %v\naws    %v", gq, wq)
	}
	resp, err := http.Get(g.String())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "space in the key" {
		t.Fatalf("GET returned %d %q", resp.StatusCode, body)
	}
}

func TestPresignRefusesBadArguments(t *testing.T) {
	f := newLsFixture(t, nil)
	for _, o := range []PresignOptions{
		{Path: "s3://alpha", ExpiresIn: 60},
		{Path: "alpha/k", ExpiresIn: 60},
		{Path: "s3://alpha/k", ExpiresIn: 604801},
		{Path: "s3://alpha/k", ExpiresIn: 0},
	} {
		var out, errOut bytes.Buffer
		if c := Presign(context.Background(), f.nav, o, &out, &errOut); c != ExitUsage || out.Len() != 0 {
			t.Errorf("%+v: exit %d, stdout %q, stderr %q", o, c, out.String(), errOut.String())
		}
	}
}
