package e2e

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// osc52 matches an OSC 52 clipboard write; the base64 text is the first group.
var osc52 = regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)`)

// copies decodes every OSC 52 clipboard write in raw, in order.
func copies(t *testing.T, raw []byte) []string {
	t.Helper()
	var out []string
	for _, m := range osc52.FindAllSubmatch(raw, -1) {
		b, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			t.Fatalf("an OSC 52 write that is not base64: %q", m[0])
		}
		out = append(out, string(b))
	}
	return out
}

// waitCopy waits for an OSC 52 write for which ok holds and returns its text.
func (term *terminal) waitCopy(what string, ok func(string) bool) string {
	term.t.Helper()
	var got string
	term.waitRaw(what, func(b []byte) bool {
		for _, c := range copies(term.t, b) {
			if ok(c) {
				got = c
				return true
			}
		}
		return false
	})
	return got
}

// openOperation goes to :services SERVICE, filters the operations for op and opens its form.
func (term *terminal) openOperation(service, op string) {
	term.t.Helper()
	term.keys(":")
	term.text("services " + service)
	term.keys("Enter")
	term.waitFor("services › "+service, "operations")
	term.keys("/")
	term.text(op)
	term.keys("Enter")
	if !term.poll(func(s string) bool { return strings.Contains(s, "▸ "+op) }) {
		term.t.Fatalf("the filter did not put the cursor on %s:\n%s", op, term.screen())
	}
	term.keys("Enter")
	term.waitFor("› " + op)
}

// y and Y on a document page (here a call's result) used to copy nothing and say nothing.
func TestDocumentPageCopiesWithOSC52(t *testing.T) {
	term := startTerminal(t, nimbusBin+" --demo")
	term.waitFor("demo-photos")
	term.openOperation("s3", "ListBuckets")
	term.keys("C-s") // ListBuckets pages: it opens as a collection, each item a document
	term.waitFor("4 buckets", "demo-photos")
	term.keys("G", "Enter")
	term.waitFor("CreationDate:", "Name:")
	term.keys("y") // the first line, CreationDate
	term.waitCopy("y's copy of the value under the cursor", func(c string) bool { return strings.HasPrefix(c, "20") })
	term.waitFor("copied")
	term.keys("Y")
	all := term.waitCopy("Y's copy of the whole document", func(c string) bool {
		return strings.Contains(c, `"Name": "demo-`) && strings.Contains(c, `"CreationDate"`)
	})
	if !strings.HasPrefix(strings.TrimSpace(all), "{") {
		t.Errorf("Y should copy the document as JSON:\n%s", all)
	}
	if n := len(copies(t, term.raw())); n != 2 {
		t.Errorf("y then Y should write the clipboard twice, wrote %d times", n)
	}
	term.waitFor("copied", "(document)")
}

// ctrl+e in an operation form used to never start $EDITOR, leaving a temporary file behind on
// every press.
func TestEditorEditsTheOperationForm(t *testing.T) {
	tmp := t.TempDir()
	bin := t.TempDir()
	seen := filepath.Join(bin, "seen")
	editor := filepath.Join(bin, "editor.sh")
	script := "#!/bin/sh\nls \"$1\" > " + seen + "\n" +
		`sed -i -e 's|"QueueUrl": "<string>"|"QueueUrl": "https://q.example/1"|' -e 's|"MessageBody": "<string>"|"MessageBody": "from the editor"|' "$1"` + "\n"
	if err := os.WriteFile(editor, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	term := startTerminalEnv(t, []string{"NO_COLOR=1", "VISUAL=", "EDITOR=" + editor, "TMPDIR=" + tmp}, nimbusBin+" --demo")
	term.waitFor("demo-photos")
	term.openOperation("sqs", "SendMessage")
	term.keys("C-e")
	term.waitFor("from the editor", "https://q.example/1")
	path, err := os.ReadFile(seen)
	if err != nil || !strings.Contains(string(path), "nimbus-SendMessage-") {
		t.Fatalf("the editor did not get the form's file: %q %v", path, err)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "nimbus-*"))
	if len(left) != 0 {
		t.Fatalf("the editor's file was left behind: %v", left)
	}
}

func TestVersionFlag(t *testing.T) {
	out, err := exec.Command(nimbusBin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != e2eVersion {
		t.Fatalf("--version printed %q, want %q (the version set at build time)", got, e2eVersion)
	}
}

// The README's flag table: --refresh defaults to 30s.
func TestRefreshDefaultIsThirtySeconds(t *testing.T) {
	out, err := exec.Command(nimbusBin, "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("--help: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`--refresh=30s\s`).Match(out) {
		t.Fatalf("--help should show --refresh's default of 30s:\n%s", out)
	}
}

// colourParams are the SGR parameters that set a colour (foreground, background, underline).
func setsColour(params string) bool {
	for _, p := range strings.FieldsFunc(params, func(r rune) bool { return r == ';' || r == ':' }) {
		n, err := strconv.Atoi(p)
		if err != nil {
			continue
		}
		if n >= 30 && n <= 38 || n >= 40 && n <= 48 || n == 58 || n >= 90 && n <= 97 || n >= 100 && n <= 107 {
			return true
		}
	}
	return false
}

// NO_COLOR: attributes only. Without it the same screen has colours, so the check can fail.
func TestNoColorMeansNoColour(t *testing.T) {
	coloured := func(raw []byte) bool {
		for _, m := range sgr.FindAllSubmatch(raw, -1) {
			if setsColour(string(m[1])) {
				return true
			}
		}
		return false
	}
	plain := startTerminalEnv(t, []string{"NO_COLOR=1"}, nimbusBin+" --demo")
	plain.waitFor("demo-photos", "4 buckets")
	plain.keys("?")          // the help screen too
	plain.waitFor("s3 keys") // the overlay's title (the footer says "? more", not "help")
	if raw := plain.raw(); coloured(raw) {
		t.Fatalf("NO_COLOR=1 still wrote colours: %q", sgr.FindAll(raw, -1))
	}
	if raw := plain.raw(); !bytes.Contains(raw, []byte("\x1b[7m")) && !bytes.Contains(raw, []byte("\x1b[1m")) {
		t.Error("NO_COLOR keeps attributes (bold, reverse) to mark the cursor and headings")
	}

	colour := startTerminalEnv(t, nil, nimbusBin+" --demo")
	colour.waitFor("demo-photos", "4 buckets")
	colour.waitRaw("colours without NO_COLOR", coloured)
}

// --keys FILE remaps keys: here n moves down and ctrl+q quits.
func TestKeysFileRemaps(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(file, []byte(`{"table.down": ["n"], "global.quit": ["ctrl+q"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, nimbusBin+" --demo --keys "+file)
	s := term.waitFor("4 buckets")
	first := cursorLine(s)
	term.keys("n")
	if !term.poll(func(s string) bool { l := cursorLine(s); return l != "" && l != first }) {
		t.Fatalf("n (table.down in the key file) did not move the cursor:\n%s", term.screen())
	}
	term.keys("q") // no longer quits
	term.keys("C-q")
	if !term.poll(func(s string) bool { return !strings.Contains(s, "DEMO") }) {
		t.Fatalf("ctrl+q (global.quit in the key file) did not quit:\n%s", term.screen())
	}
}

// A key file with an unknown name is reported, not ignored.
func TestKeysFileTypoIsReported(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(file, []byte(`{"table.dwon": ["n"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startTerminal(t, nimbusBin+" --demo --keys "+file)
	term.waitFor("4 buckets", "unknown key binding names")
}

func cursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "▸") {
			return l
		}
	}
	return ""
}

// confirm answers y to the confirmation on screen. Keys in its first 300 ms are ignored (a
// keystroke already on its way must not answer it), so y is pressed until the question is gone.
func (term *terminal) confirm() {
	term.t.Helper()
	for range 100 {
		if !strings.Contains(term.screen(), "y / enter confirm") {
			return
		}
		term.keys("y")
		time.Sleep(100 * time.Millisecond)
	}
	term.t.Fatalf("the confirmation did not close:\n%s", term.screen())
}

// motoCommand is the shell command that runs nimbus on moto in region, with the given
// credentials and flags, and no shared config files.
func motoCommand(srv *motoserver.Server, region, key, secret, token, flags string) string {
	env := "env AWS_ACCESS_KEY_ID=" + key + " AWS_SECRET_ACCESS_KEY=" + secret +
		" AWS_REGION=" + region + " AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "
	if token != "" {
		env += "AWS_SESSION_TOKEN=" + token + " "
	}
	return env + nimbusBin + " --endpoint-url " + srv.URL + " " + flags
}

func callMoto(t *testing.T, srv *motoserver.Server, region, service, op string, input map[string]any) map[string]any {
	t.Helper()
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig(region), svc, invoke.Options{}).Call(context.Background(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", service, op, err)
	}
	return out
}

// y on a resource row copies its ARN (OSC 52) and says so.
func TestRowCopyWritesTheARNWithOSC52(t *testing.T) {
	srv := motoserver.StartShared(t)
	region := "ap-southeast-2"
	name := fmt.Sprintf("e2e-copy-%d", time.Now().UnixNano()%1e6)
	arn := callMoto(t, srv, region, "secretsmanager", "CreateSecret", map[string]any{"Name": name, "SecretString": "x"})["ARN"].(string)
	term := startTerminal(t, motoCommand(srv, region, motoserver.AccessKeyID, motoserver.SecretAccessKey, "", ""))
	term.waitFor(region)
	term.keys(":")
	term.text("secrets")
	term.keys("Enter")
	term.waitFor("secrets", name)
	term.keys("/")
	term.text(name)
	term.keys("Enter")
	if !term.poll(func(s string) bool { return cursorOn(s, name) }) {
		t.Fatalf("the cursor is not on %s:\n%s", name, term.screen())
	}
	term.keys("y")
	got := term.waitCopy("the row's ARN", func(c string) bool { return strings.HasPrefix(c, "arn:") })
	if got != arn {
		t.Fatalf("y copied %q, want the secret's ARN %q", got, arn)
	}
	term.waitFor("copied " + arn[:20])
}

// --debug FILE logs the calls, and never the credentials or a secret's value, even one the
// user revealed.
func TestDebugLogNeverHoldsSecrets(t *testing.T) {
	srv := motoserver.StartShared(t)
	region := "eu-west-2"
	stamp := time.Now().UnixNano()
	name := fmt.Sprintf("e2e-debug-%d", stamp%1e6)
	value := fmt.Sprintf("hunter2-value-%d", stamp)
	secretKey := fmt.Sprintf("SeCrEtAcCeSsKeY%d", stamp)
	token := fmt.Sprintf("SeSsIoNtOkEn%d", stamp)
	callMoto(t, srv, region, "secretsmanager", "CreateSecret", map[string]any{"Name": name, "SecretString": value})
	log := filepath.Join(t.TempDir(), "debug.log")

	term := startTerminal(t, motoCommand(srv, region, "AKIAE2EDEBUG", secretKey, token, "--debug "+log))
	term.waitFor(region)
	term.keys(":")
	term.text("secrets")
	term.keys("Enter")
	term.waitFor("secrets", name)
	term.keys("/")
	term.text(name)
	term.keys("Enter")
	if !term.poll(func(s string) bool { return cursorOn(s, name) }) {
		t.Fatalf("the cursor is not on %s:\n%s", name, term.screen())
	}
	term.keys("v") // reveal, which asks first
	term.waitFor("Reveal "+name, "y / enter confirm")
	term.confirm()
	if !term.poll(func(s string) bool { return strings.Contains(s, "reveal "+name) }) {
		t.Fatalf("v did not reveal the secret:\n%s", term.screen())
	}
	term.keys("q")
	if !term.poll(func(s string) bool { return !strings.Contains(s, region) }) {
		t.Fatalf("q did not quit:\n%s", term.screen())
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("ListSecrets")) || !bytes.Contains(b, []byte("GetSecretValue")) {
		t.Fatalf("the debug log should record the calls:\n%s", b)
	}
	for what, s := range map[string]string{"the secret access key": secretKey, "the session token": token, "the secret's value": value} {
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("the debug log holds %s:\n%s", what, b)
		}
	}
}

// --refresh D refreshes a shown table every D; --refresh 0 never does.
func TestRefreshFlag(t *testing.T) {
	srv := motoserver.StartShared(t)
	region := "ca-west-1"
	callMoto(t, srv, region, "sqs", "CreateQueue", map[string]any{"QueueName": fmt.Sprintf("e2e-refresh-%d", time.Now().UnixNano())})
	var listings atomic.Int64
	count := func(_ int, r *http.Request) faultproxy.Fault {
		if r.Header.Get("X-Amz-Target") == "AmazonSQS.ListQueues" {
			listings.Add(1)
		}
		return nil
	}
	run := func(flag string) *terminal {
		proxy := faultproxy.Start(t, srv.URL, count)
		cmd := strings.Replace(motoCommand(srv, region, motoserver.AccessKeyID, motoserver.SecretAccessKey, "", flag), srv.URL, proxy.URL, 1)
		term := startTerminal(t, cmd)
		term.waitFor(region)
		term.keys(":")
		term.text("sqs")
		term.keys("Enter")
		term.waitFor("queues", "e2e-refresh-")
		return term
	}

	listings.Store(0)
	on := run("--refresh 1s")
	if !on.poll(func(string) bool { return listings.Load() >= 3 }) {
		t.Fatalf("--refresh 1s: %d listings", listings.Load())
	}
	on.keys("q")

	listings.Store(0)
	off := run("--refresh 0")
	// Three intervals of the run above: enough for it to have refreshed, had it been on.
	time.Sleep(3 * time.Second)
	if n := listings.Load(); n != 1 {
		t.Fatalf("--refresh 0 should list once and never refresh, listed %d times", n)
	}
	off.keys("r") // a refresh by hand still works
	if !off.poll(func(string) bool { return listings.Load() == 2 }) {
		t.Fatalf("r did not refresh: %d listings", listings.Load())
	}
}
