package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// compareCase is one command run through the AWS CLI and through `nimbus call` against the same
// moto, whose standard outputs must be byte-identical.
type compareCase struct {
	name   string
	rule   string   // the output rule of issue 7 it covers
	aws    []string // arguments of aws, after the global ones
	nimbus []string // arguments of nimbus call, after the global ones
	tz     string   // TZ for both ("" = UTC)
	format string   // cli_timestamp_format for both ("" = iso8601, CLI v2's default)
	// differs says why the outputs are known to differ; the case is then counted, not failed.
	differs string
}

// TestOutputMatchesAWSCLI runs a corpus of commands through the installed AWS CLI and the nimbus
// binary against one moto, and compares their standard outputs byte for byte. The installed
// CLI is v1, so every case sets cli_timestamp_format (CLI v2 defaults to iso8601). Set
// NIMBUS_COMPARE_BIN to measure another nimbus binary with the same corpus.
func TestOutputMatchesAWSCLI(t *testing.T) {
	awsBin := findAWSCLI(t)
	bin := nimbusBin
	if b := os.Getenv("NIMBUS_COMPARE_BIN"); b != "" {
		bin = b
	}
	srv := motoserver.Start(t)
	dir := t.TempDir()
	run := func(t *testing.T, c compareCase, program string, args []string) (string, string, error) {
		config := filepath.Join(dir, "config-"+c.format)
		format := c.format
		if format == "" {
			format = "iso8601"
		}
		if err := os.WriteFile(config, []byte("[default]\nregion = us-east-1\ncli_timestamp_format = "+format+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		tz := c.tz
		if tz == "" {
			tz = "UTC"
		}
		cmd := exec.Command(program, append([]string{"--endpoint-url", srv.URL}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TZ=" + tz, "LANG=C.UTF-8",
			"AWS_ACCESS_KEY_ID=" + motoserver.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + motoserver.SecretAccessKey,
			"AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=" + config,
			"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "credentials"),
			"AWS_EC2_METADATA_DISABLED=true", "AWS_PAGER="}
		if p := os.Getenv("PYENV_ROOT"); p != "" {
			cmd.Env = append(cmd.Env, "PYENV_ROOT="+p)
		}
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}
	awsCmd := func(args ...string) []string { return append([]string{"--output", "json"}, args...) }
	setup := func(args ...string) {
		t.Helper()
		if _, errOut, err := run(t, compareCase{}, awsBin, awsCmd(args...)); err != nil {
			t.Fatalf("setting up: aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
		}
	}

	body := filepath.Join(dir, "body.txt")
	if err := os.WriteFile(body, []byte("some body\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	setup("s3api", "create-bucket", "--bucket", "cmp-keys")
	for _, key := range []string{"plain.txt", "a b+c%.txt", "dir/x\x01y", "dir/sub/ü €", "dir/q?&=#"} {
		setup("s3api", "put-object", "--bucket", "cmp-keys", "--key", key, "--body", body, "--metadata", "owner=ana")
	}
	setup("s3api", "create-bucket", "--bucket", "cmp-put")
	setup("s3api", "create-bucket", "--bucket", "cmp-versions")
	setup("s3api", "put-bucket-versioning", "--bucket", "cmp-versions", "--versioning-configuration", "Status=Enabled")
	setup("s3api", "put-object", "--bucket", "cmp-versions", "--key", "v+1 x", "--body", body)
	setup("s3api", "put-object", "--bucket", "cmp-versions", "--key", "v+1 x", "--body", body)
	setup("s3api", "create-multipart-upload", "--bucket", "cmp-keys", "--key", "up load+1")
	setup("dynamodb", "create-table", "--table-name", "cmp", "--attribute-definitions", "AttributeName=pk,AttributeType=S",
		"--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
	setup("dynamodb", "put-item", "--table-name", "cmp", "--item",
		`{"pk":{"S":"k1"},"zeta":{"S":"z"},"alpha":{"N":"1"},"mid":{"M":{"y":{"S":"1"},"b":{"BOOL":true},"a":{"NULL":true}}}}`)
	setup("iam", "create-role", "--role-name", "cmp-role", "--assume-role-policy-document",
		`{"Version":"2012-10-17","Statement":[{"Sid":"z","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	setup("iam", "put-role-policy", "--role-name", "cmp-role", "--policy-name", "p", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Resource":"*","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"]}]}`)
	setup("secretsmanager", "create-secret", "--name", "cmp-secret", "--secret-string", "v")
	setup("sns", "create-topic", "--name", "cmp-topic")
	setup("sqs", "create-queue", "--queue-name", "cmp-queue")
	keyOut, _, err := run(t, compareCase{}, awsBin, awsCmd("kms", "create-key", "--query", "KeyMetadata.KeyId", "--output", "text"))
	if err != nil {
		t.Fatal(err)
	}
	keyID := strings.TrimSpace(keyOut)

	getItem := `{"TableName": "cmp", "Key": {"pk": {"S": "k1"}}}`
	cases := []compareCase{
		// 1. S3 list operations: EncodingType=url asked for and decoded as botocore does.
		{name: "list-objects-v2", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys"}`}},
		{name: "list-objects-v2 no-paginate", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--no-paginate"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys"}`, "--no-paginate"}},
		{name: "list-objects-v2 pages of 2", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--page-size", "2"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys"}`, "--page-size", "2"}},
		{name: "list-objects-v2 delimiter", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--delimiter", "/", "--prefix", "dir/", "--no-paginate"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys", "Delimiter": "/", "Prefix": "dir/"}`, "--no-paginate"}},
		{name: "list-objects-v2 start-after", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--start-after", "a b+c%.txt", "--no-paginate"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys", "StartAfter": "a b+c%.txt"}`, "--no-paginate"}},
		{name: "list-objects-v2 caller's encoding", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--encoding-type", "url", "--no-paginate"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys", "EncodingType": "url"}`, "--no-paginate"}},
		{name: "list-objects", rule: "s3 keys", aws: []string{"s3api", "list-objects", "--bucket", "cmp-keys"},
			nimbus: []string{"s3", "list-objects", "--input", `{"Bucket": "cmp-keys"}`}},
		{name: "list-objects no-paginate marker", rule: "s3 keys", aws: []string{"s3api", "list-objects", "--bucket", "cmp-keys", "--marker", "a b+c%.txt", "--max-keys", "2", "--no-paginate"},
			nimbus: []string{"s3", "list-objects", "--input", `{"Bucket": "cmp-keys", "Marker": "a b+c%.txt", "MaxKeys": 2}`, "--no-paginate"}},
		{name: "list-objects pages of 1", rule: "s3 keys", aws: []string{"s3api", "list-objects", "--bucket", "cmp-keys", "--page-size", "1"},
			nimbus: []string{"s3", "list-objects", "--input", `{"Bucket": "cmp-keys"}`, "--page-size", "1"}},
		{name: "list-object-versions", rule: "s3 keys", aws: []string{"s3api", "list-object-versions", "--bucket", "cmp-versions"},
			nimbus: []string{"s3", "list-object-versions", "--input", `{"Bucket": "cmp-versions"}`}},
		{name: "list-object-versions no-paginate", rule: "s3 keys", aws: []string{"s3api", "list-object-versions", "--bucket", "cmp-versions", "--no-paginate"},
			nimbus: []string{"s3", "list-object-versions", "--input", `{"Bucket": "cmp-versions"}`, "--no-paginate"}},
		{name: "list-multipart-uploads", rule: "s3 keys", aws: []string{"s3api", "list-multipart-uploads", "--bucket", "cmp-keys", "--query", "Uploads[].Key"},
			nimbus: []string{"s3", "list-multipart-uploads", "--input", `{"Bucket": "cmp-keys"}`, "--query", "Uploads[].Key"}},
		{name: "list-objects-v2 query", rule: "s3 keys", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--query", "Contents[].[Key, Size]"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys"}`, "--query", "Contents[].[Key, Size]"}},

		// 2. Empty maps and explicit nulls the server sent.
		{name: "head-object metadata", rule: "empty and null", aws: []string{"s3api", "head-object", "--bucket", "cmp-versions", "--key", "v+1 x", "--query", "Metadata"},
			nimbus: []string{"s3", "head-object", "--input", `{"Bucket": "cmp-versions", "Key": "v+1 x"}`, "--query", "Metadata"}},
		{name: "head-object", rule: "empty and null", aws: []string{"s3api", "head-object", "--bucket", "cmp-keys", "--key", "plain.txt"},
			nimbus: []string{"s3", "head-object", "--input", `{"Bucket": "cmp-keys", "Key": "plain.txt"}`}},
		{name: "get-bucket-location", rule: "empty and null", aws: []string{"s3api", "get-bucket-location", "--bucket", "cmp-keys"},
			nimbus: []string{"s3", "get-bucket-location", "--input", `{"Bucket": "cmp-keys"}`}},
		{name: "list-buckets", rule: "empty and null", aws: []string{"s3api", "list-buckets"},
			nimbus: []string{"s3", "list-buckets"}},
		{name: "get-queue-attributes none", rule: "empty and null", aws: []string{"sqs", "get-queue-url", "--queue-name", "cmp-queue"},
			nimbus: []string{"sqs", "get-queue-url", "--input", `{"QueueName": "cmp-queue"}`}},
		{name: "sns topic attributes", rule: "empty and null", aws: []string{"sns", "get-topic-attributes", "--topic-arn", "arn:aws:sns:us-east-1:123456789012:cmp-topic", "--query", "keys(Attributes)"},
			nimbus: []string{"sns", "get-topic-attributes", "--input", `{"TopicArn": "arn:aws:sns:us-east-1:123456789012:cmp-topic"}`, "--query", "keys(Attributes)"}},

		// 3. Timestamps: the server's precision, the local zone for epoch seconds, wire format.
		{name: "kms describe-key UTC", rule: "timestamps", aws: []string{"kms", "describe-key", "--key-id", keyID},
			nimbus: []string{"kms", "describe-key", "--input", `{"KeyId": "` + keyID + `"}`}},
		{name: "kms describe-key Paris", rule: "timestamps", tz: "Europe/Paris", aws: []string{"kms", "describe-key", "--key-id", keyID, "--query", "KeyMetadata.CreationDate"},
			nimbus: []string{"kms", "describe-key", "--input", `{"KeyId": "` + keyID + `"}`, "--query", "KeyMetadata.CreationDate"}},
		{name: "kms describe-key St Johns", rule: "timestamps", tz: "America/St_Johns", aws: []string{"kms", "describe-key", "--key-id", keyID},
			nimbus: []string{"kms", "describe-key", "--input", `{"KeyId": "` + keyID + `"}`}},
		{name: "kms describe-key wire", rule: "timestamps", format: "wire", aws: []string{"kms", "describe-key", "--key-id", keyID},
			nimbus: []string{"kms", "describe-key", "--input", `{"KeyId": "` + keyID + `"}`}},
		{name: "kms describe-key none", rule: "timestamps", format: "none", tz: "Asia/Kolkata", aws: []string{"kms", "describe-key", "--key-id", keyID},
			nimbus: []string{"kms", "describe-key", "--input", `{"KeyId": "` + keyID + `"}`}},
		{name: "secretsmanager describe-secret Tokyo", rule: "timestamps", tz: "Asia/Tokyo", aws: []string{"secretsmanager", "describe-secret", "--secret-id", "cmp-secret"},
			nimbus: []string{"secretsmanager", "describe-secret", "--input", `{"SecretId": "cmp-secret"}`}},
		{name: "dynamodb describe-table", rule: "timestamps", tz: "America/Los_Angeles", aws: []string{"dynamodb", "describe-table", "--table-name", "cmp"},
			nimbus: []string{"dynamodb", "describe-table", "--input", `{"TableName": "cmp"}`}},
		{name: "list-buckets wire", rule: "timestamps", format: "wire", aws: []string{"s3api", "list-buckets"},
			nimbus: []string{"s3", "list-buckets"}},
		{name: "list-buckets Paris", rule: "timestamps", tz: "Europe/Paris", aws: []string{"s3api", "list-buckets"},
			nimbus: []string{"s3", "list-buckets"}},
		{name: "head-object wire", rule: "timestamps", format: "wire", aws: []string{"s3api", "head-object", "--bucket", "cmp-keys", "--key", "plain.txt"},
			nimbus: []string{"s3", "head-object", "--input", `{"Bucket": "cmp-keys", "Key": "plain.txt"}`}},
		{name: "list-objects-v2 wire", rule: "timestamps", format: "wire", aws: []string{"s3api", "list-objects-v2", "--bucket", "cmp-keys", "--no-paginate"},
			nimbus: []string{"s3", "list-objects-v2", "--input", `{"Bucket": "cmp-keys"}`, "--no-paginate"}},
		{name: "iam get-role", rule: "timestamps", tz: "Europe/Paris", aws: []string{"iam", "get-role", "--role-name", "cmp-role", "--query", "Role.CreateDate"},
			nimbus: []string{"iam", "get-role", "--input", `{"RoleName": "cmp-role"}`, "--query", "Role.CreateDate"}},

		// 4. Documents in the server's member order; deterministic --query.
		{name: "dynamodb get-item", rule: "order", aws: []string{"dynamodb", "get-item", "--table-name", "cmp", "--key", `{"pk":{"S":"k1"}}`},
			nimbus: []string{"dynamodb", "get-item", "--input", getItem}},
		{name: "dynamodb scan", rule: "order", aws: []string{"dynamodb", "scan", "--table-name", "cmp"},
			nimbus: []string{"dynamodb", "scan", "--input", `{"TableName": "cmp"}`}},
		{name: "query keys()", rule: "order", aws: []string{"dynamodb", "get-item", "--table-name", "cmp", "--key", `{"pk":{"S":"k1"}}`, "--query", "keys(Item)"},
			nimbus: []string{"dynamodb", "get-item", "--input", getItem, "--query", "keys(Item)"}},
		{name: "query values()", rule: "order", aws: []string{"dynamodb", "get-item", "--table-name", "cmp", "--key", `{"pk":{"S":"k1"}}`, "--query", "values(Item)[].keys(@)[0]"},
			nimbus: []string{"dynamodb", "get-item", "--input", getItem, "--query", "values(Item)[].keys(@)[0]"}},
		{name: "query to_string", rule: "order", aws: []string{"dynamodb", "get-item", "--table-name", "cmp", "--key", `{"pk":{"S":"k1"}}`, "--query", "to_string(Item)"},
			nimbus: []string{"dynamodb", "get-item", "--input", getItem, "--query", "to_string(Item)"}},
		{name: "iam role policy", rule: "order", aws: []string{"iam", "get-role-policy", "--role-name", "cmp-role", "--policy-name", "p"},
			nimbus: []string{"iam", "get-role-policy", "--input", `{"RoleName": "cmp-role", "PolicyName": "p"}`}},
		{name: "iam assume-role policy", rule: "order", aws: []string{"iam", "get-role", "--role-name", "cmp-role", "--query", "Role.AssumeRolePolicyDocument"},
			nimbus: []string{"iam", "get-role", "--input", `{"RoleName": "cmp-role"}`, "--query", "Role.AssumeRolePolicyDocument"}},

		// 5. Flexible checksums on GetObject and PutObject.
		{name: "get-object checksum", rule: "checksums", aws: []string{"s3api", "get-object", "--bucket", "cmp-keys", "--key", "plain.txt", filepath.Join(dir, "aws-out")},
			nimbus: []string{"s3", "get-object", "--input", `{"Bucket": "cmp-keys", "Key": "plain.txt"}`, "--outfile", filepath.Join(dir, "nimbus-out")}},
		{name: "put-object checksum", rule: "checksums", aws: []string{"s3api", "put-object", "--bucket", "cmp-put", "--key", "put-aws", "--body", body},
			nimbus: []string{"s3", "put-object", "--input", `{"Bucket": "cmp-put", "Key": "put-nimbus", "Body": "some body\n"}`}},
	}

	var (
		mu        sync.Mutex
		identical int
		byRule    = map[string][2]int{}
	)
	t.Run("cases", func(t *testing.T) {
		sem := make(chan struct{}, 6)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				want, werr, err := run(t, c, awsBin, awsCmd(c.aws...))
				if err != nil {
					t.Fatalf("aws %s: %v\n%s", strings.Join(c.aws, " "), err, werr)
				}
				got, gerr, err := run(t, c, bin, append([]string{"call"}, c.nimbus...))
				same := err == nil && got == want
				mu.Lock()
				r := byRule[c.rule]
				r[1]++
				if same {
					identical++
					r[0]++
				}
				byRule[c.rule] = r
				mu.Unlock()
				switch {
				case same && c.differs != "":
					t.Logf("now identical (was known to differ: %s): drop the mark", c.differs)
				case !same && c.differs != "":
					t.Logf("differs, as known (%s)", c.differs)
				case err != nil:
					t.Errorf("nimbus call %s: %v\n%s", strings.Join(c.nimbus, " "), err, gerr)
				case !same:
					t.Errorf("nimbus call differs from aws (TZ=%s, cli_timestamp_format=%s)\n--- nimbus\n%s--- aws\n%s",
						c.tz, c.format, got, want)
				}
			})
		}
	})
	var rules []string
	for rule, n := range byRule {
		rules = append(rules, fmt.Sprintf("%s %d/%d", rule, n[0], n[1]))
	}
	sort.Strings(rules)
	t.Logf("%d of %d cases byte-identical to the AWS CLI (%s)", identical, len(cases), strings.Join(rules, ", "))
}

// findAWSCLI returns the AWS CLI's script, preferring pyenv's own copy to its shim (which costs
// a second and a half per run).
func findAWSCLI(t *testing.T) string {
	home, _ := os.UserHomeDir()
	if found, _ := filepath.Glob(filepath.Join(home, ".pyenv", "versions", "*", "bin", "aws")); len(found) > 0 {
		return found[len(found)-1]
	}
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Fatal("the AWS CLI is needed to compare output: pip install awscli")
	}
	return bin
}
