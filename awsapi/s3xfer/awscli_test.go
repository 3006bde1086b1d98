package s3xfer_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3xfer"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// awsS3 runs `aws s3 ARGS` against endpoint with dummy credentials.
func awsS3(t *testing.T, endpoint string, args ...string) string {
	t.Helper()
	bin := needtool.Command(t, "aws", "pip install awscli; it is only needed to cross-check transfers")
	dir := t.TempDir()
	cmd := exec.Command(bin, append(append([]string{"s3"}, args...), "--endpoint-url", endpoint)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID=demo", "AWS_SECRET_ACCESS_KEY=demo", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("aws s3 %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}

func sameTree(t *testing.T, want map[string][]byte, dir string) {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(dir, p)
		got, _ := os.ReadFile(p)
		if w, ok := want[filepath.ToSlash(rel)]; !ok || !bytes.Equal(got, w) {
			t.Errorf("%s: %d bytes, want %d (known: %v)", rel, len(got), len(w), ok)
		}
		return nil
	})
	if n != len(want) {
		t.Errorf("%d files in %s, want %d", n, dir, len(want))
	}
}

// Files nimbus uploads are byte-identical when the AWS CLI downloads them, and the reverse;
// both sides in parts (a 12 MiB file, 5 MiB parts for nimbus, the CLI's 8 MiB).
func TestTransfersAgreeWithTheAWSCLI(t *testing.T) {
	f := newFake(t)
	f.bucket(t, "b")
	files := map[string][]byte{
		"small.txt":     []byte("hello\n"),
		"dir/ten-k.bin": randBytes(4, 10<<10),
		"dir/big.bin":   randBytes(5, 12<<20+5),
		"empty":         {},
	}
	src := t.TempDir()
	for rel, b := range files {
		write(t, filepath.Join(src, filepath.FromSlash(rel)), b)
	}
	eng := s3xfer.New(f.nav, smallParts)
	ctx := context.Background()

	plan, err := eng.PlanUpload(src, true, "b", "by-nimbus", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	cliDst := t.TempDir()
	awsS3(t, f.url, "cp", "--recursive", "--quiet", "s3://b/by-nimbus", cliDst)
	sameTree(t, files, cliDst)

	awsS3(t, f.url, "cp", "--recursive", "--quiet", src, "s3://b/by-cli")
	dst := t.TempDir()
	plan, err = eng.PlanDownload(ctx, "b", "by-cli", true, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Run(ctx, plan.Items, s3xfer.Handlers{}).Err(); err != nil {
		t.Fatal(err)
	}
	sameTree(t, files, dst)
}
