package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/cli"
)

// Every headless command that would change something in AWS is refused in a read-only session
// (--readonly, or a profile nimbus's config makes read-only) as a whole, with one line saying
// what it would have changed and exit 253, before a single request reaches the server. Before,
// cp, mv and sync planned first (listings, HeadObjects) and then failed file by file with
// "upload failed: … refused in read-only mode" and exit 1, and rm --recursive and rb --force
// listed the bucket before DeleteObjects was refused.
func TestReadOnlyRefusesEveryWritingCommandBeforeAnyRequest(t *testing.T) {
	url, requests := s3Server(t)
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Chdir(t.TempDir())
	if err := os.WriteFile("f.txt", []byte("hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"mb", "s3://bkt"}, {"cp", "f.txt", "s3://bkt/k"}} {
		if code, _, stderr := runNimbus(t, append([]string{"--endpoint-url", url}, args...)...); code != 0 {
			t.Fatalf("%v: %d %s", args, code, stderr)
		}
	}

	// A profile read-only by nimbus's config, with keys of its own.
	cfgDir := filepath.Join(home, "nimbus")
	os.MkdirAll(cfgDir, 0o755)
	os.WriteFile(filepath.Join(cfgDir, "config.yaml"), []byte("profiles:\n  prod-*:\n    readonly: true\n"), 0o600)
	awsDir := t.TempDir()
	os.WriteFile(filepath.Join(awsDir, "config"), []byte("[profile prod-web]\nregion = us-east-1\n"), 0o600)
	os.WriteFile(filepath.Join(awsDir, "credentials"), []byte("[prod-web]\naws_access_key_id = AKIDPROD\naws_secret_access_key = secret\n"), 0o600)

	writing := [][]string{
		{"cp", "f.txt", "s3://bkt/new"},
		{"cp", ".", "s3://bkt/dir/", "--recursive"},
		{"cp", "s3://bkt/k", "s3://bkt/copy"},
		{"mv", "s3://bkt/k", "moved.txt"},
		{"mv", "f.txt", "s3://bkt/moved"},
		{"sync", ".", "s3://bkt/synced"},
		{"rm", "s3://bkt/k"},
		{"rm", "s3://bkt/", "--recursive"},
		{"mb", "s3://other"},
		{"rb", "s3://bkt"},
		{"rb", "s3://bkt", "--force"},
		{"presign", "s3://bkt/k", "--method", "PUT"},
		{"call", "s3", "delete-object", "--input", `{"Bucket":"bkt","Key":"k"}`},
		{"call", "s3", "put-object", "--input", `{"Bucket":"bkt","Key":"x"}`},
	}
	for _, mode := range []struct {
		name string
		args []string
		env  map[string]string
		says string
	}{
		{"--readonly", []string{"--readonly"}, nil, "refused in read-only mode"},
		{"read-only profile", []string{"--profile", "prod-web"}, map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
			"AWS_CONFIG_FILE": filepath.Join(awsDir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(awsDir, "credentials")}, "prod-* in "},
	} {
		t.Run(mode.name, func(t *testing.T) {
			for k, v := range mode.env {
				t.Setenv(k, v)
			}
			for _, args := range writing {
				requests.Store(0)
				all := append(append(cloneArgs(mode.args), "--endpoint-url", url), args...)
				code, stdout, stderr := runNimbus(t, all...)
				if code != cli.ExitConfig || stdout != "" || !strings.Contains(stderr, mode.says) || strings.Count(stderr, "\n") != 1 {
					t.Errorf("nimbus %s: exit %d, stdout %q, stderr %q; want %d and one line saying %q",
						strings.Join(all, " "), code, stdout, stderr, cli.ExitConfig, mode.says)
				}
				if n := requests.Load(); n != 0 {
					t.Errorf("nimbus %s: %d requests reached the server, want none", strings.Join(all, " "), n)
				}
			}
		})
	}

	// What changes nothing in AWS runs: downloads, --dryrun, a presigned GET.
	for _, args := range [][]string{
		{"cp", "s3://bkt/k", "got.txt"},
		{"sync", "s3://bkt/", "down"},
		{"rm", "s3://bkt/", "--recursive", "--dryrun"},
		{"cp", "f.txt", "s3://bkt/dry", "--dryrun"},
		{"presign", "s3://bkt/k"},
	} {
		all := append([]string{"--readonly", "--endpoint-url", url}, args...)
		if code, _, stderr := runNimbus(t, all...); code != cli.ExitOK {
			t.Errorf("nimbus %s: exit %d, stderr %q", strings.Join(all, " "), code, stderr)
		}
	}
	if b, err := os.ReadFile("got.txt"); err != nil || string(b) != "hi\n" {
		t.Errorf("the download under --readonly: %q %v", b, err)
	}
}

func cloneArgs(s []string) []string { return append([]string(nil), s...) }

// rm takes aws s3 rm's --include and --exclude, in command-line order (kong keeps each flag's
// values apart; the order comes from the parse path). Before: "unknown flag --exclude", exit 252.
func TestRmTakesIncludeAndExcludeInOrder(t *testing.T) {
	url, _ := s3Server(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Chdir(t.TempDir())
	os.WriteFile("f", []byte("x"), 0o644)
	runNimbus(t, "--endpoint-url", url, "mb", "s3://bkt")
	for _, k := range []string{"p/a.txt", "p/a.log", "p/sub/b.txt"} {
		if code, _, stderr := runNimbus(t, "--endpoint-url", url, "cp", "f", "s3://bkt/"+k); code != 0 {
			t.Fatal(stderr)
		}
	}
	code, stdout, stderr := runNimbus(t, "--endpoint-url", url, "rm", "s3://bkt/p/", "--recursive", "--dryrun",
		"--exclude", "*", "--include", "*.txt", "--exclude", "sub/*")
	if want := "(dryrun) delete: s3://bkt/p/a.txt\n"; code != 0 || stdout != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", code, stdout, stderr, want)
	}
}

// Without credentials every S3 command says so once, in the words `call` uses, with exit 253 and
// no request sent. Before, ls and rm printed the SDK's chain of providers ("get identity: get
// credentials: failed to refresh cached credentials, … no EC2 IMDS role found, …"), cp printed it
// once per file with exit 1, and call named the instance metadata service ("ec2imds
// GetMetadata: no credentials…"). aws says "Unable to locate credentials".
func TestNoCredentialsSaySoOnceBeforeAnyRequest(t *testing.T) {
	url, requests := s3Server(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Chdir(t.TempDir())
	os.WriteFile("f", []byte("x"), 0o644)
	os.WriteFile("config", []byte("[default]\nregion = us-east-1\n"), 0o600)
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_CONFIG_FILE": "config",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": ""} {
		t.Setenv(k, v)
	}
	want := "no credentials for profile default — set them in ~/.aws/credentials or choose another profile (--profile)\n"
	for _, args := range [][]string{
		{"ls"}, {"ls", "s3://bkt/"}, {"cp", "f", "s3://bkt/f"}, {"cp", ".", "s3://bkt/p/", "--recursive"},
		{"sync", ".", "s3://bkt/p/"}, {"rm", "s3://bkt/f"}, {"mb", "s3://bkt"}, {"presign", "s3://bkt/f"},
		{"call", "s3", "list-buckets"},
	} {
		requests.Store(0)
		all := append([]string{"--endpoint-url", url}, args...)
		code, stdout, stderr := runNimbus(t, all...)
		if code != cli.ExitConfig || stdout != "" || stderr != "nimbus "+args[0]+": "+want {
			t.Errorf("nimbus %s: exit %d, stdout %q, stderr\n%q\nwant %d and\n%q", strings.Join(all, " "), code, stdout, stderr,
				cli.ExitConfig, "nimbus "+args[0]+": "+want)
		}
		if n := requests.Load(); n != 0 {
			t.Errorf("nimbus %s: %d requests", strings.Join(all, " "), n)
		}
	}
}
