package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/logtail"
)

func logsGroup(t *testing.T, inv *invoke.Invoker, streams ...string) string {
	t.Helper()
	g := fmt.Sprintf("/nimbus/cli/%s/%d", t.Name(), time.Now().UnixNano())
	mustCall(t, inv, "CreateLogGroup", fmt.Sprintf(`{"logGroupName": %q}`, g), CallOptions{})
	for _, s := range streams {
		mustCall(t, inv, "CreateLogStream", fmt.Sprintf(`{"logGroupName": %q, "logStreamName": %q}`, g, s), CallOptions{})
	}
	return g
}

func putLogs(t *testing.T, inv *invoke.Invoker, g, s string, ms int64, msgs ...string) {
	t.Helper()
	var evs []string
	for i, m := range msgs {
		msg, _ := json.Marshal(m)
		evs = append(evs, fmt.Sprintf(`{"timestamp": %d, "message": %s}`, ms+int64(i), msg))
	}
	mustCall(t, inv, "PutLogEvents", fmt.Sprintf(`{"logGroupName": %q, "logStreamName": %q, "logEvents": [%s]}`, g, s, strings.Join(evs, ",")), CallOptions{})
}

// The three formats of aws logs tail (CLI v2), on events from moto; the time is printed in UTC
// as Python's isoformat (detailed) or to the second (short); control bytes are escaped.
func TestLogsTailFormats(t *testing.T) {
	inv, _ := motoInvoker(t, "logs", invoke.Options{})
	g := logsGroup(t, inv, "web")
	now := time.Now().Truncate(time.Second)
	putLogs(t, inv, g, "web", now.Add(-time.Minute).UnixMilli()+120, `{"level":"info","n":1}`, "bell \x07 and \x1b[31mred")
	putLogs(t, inv, g, "web", now.Add(-time.Hour).UnixMilli(), "too old")
	ts := now.Add(-time.Minute).UTC()
	for f, want := range map[string]string{
		"detailed": ts.Format("2006-01-02T15:04:05") + ".120000+00:00 web {\"level\":\"info\",\"n\":1}\n" +
			ts.Format("2006-01-02T15:04:05") + ".121000+00:00 web bell \\x07 and \\x1b[31mred\n",
		"short": ts.Format("2006-01-02T15:04:05") + " {\"level\":\"info\",\"n\":1}\n" +
			ts.Format("2006-01-02T15:04:05") + " bell \\x07 and \\x1b[31mred\n",
		"json": ts.Format("2006-01-02T15:04:05") + ".120000+00:00 web \n{\n    \"level\": \"info\",\n    \"n\": 1\n}\n" +
			ts.Format("2006-01-02T15:04:05") + ".121000+00:00 web bell \\x07 and \\x1b[31mred\n",
	} {
		var out, errOut bytes.Buffer
		code := LogsTail(context.Background(), inv, []string{g}, LogsTailOptions{Format: f, Now: func() time.Time { return now }}, &out, &errOut)
		if code != ExitOK || out.String() != want {
			t.Errorf("%s: code %d stderr %q\n got %q\nwant %q", f, code, errOut.String(), out.String(), want)
		}
	}
}

// --follow prints events put while it follows, polling on the injected clock, and ends with 0
// on Ctrl-C; a missing group is the service's error (254).
func TestLogsTailFollow(t *testing.T) {
	inv, _ := motoInvoker(t, "logs", invoke.Options{})
	g := logsGroup(t, inv, "s")
	now := time.Now()
	putLogs(t, inv, g, "s", now.Add(-time.Minute).UnixMilli(), "before")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls := 0
	sleep := func(ctx context.Context, _ time.Duration) bool {
		polls++
		switch polls {
		case 1:
			putLogs(t, inv, g, "s", now.UnixMilli(), "during")
		case 3:
			cancel()
			return false
		}
		return true
	}
	var out, errOut bytes.Buffer
	code := LogsTail(ctx, inv, []string{g}, LogsTailOptions{Follow: true, Format: "short", Sleep: sleep}, &out, &errOut)
	if code != ExitOK || !strings.HasSuffix(out.String(), " before\n"+now.UTC().Format("2006-01-02T15:04:05")+" during\n") || strings.Count(out.String(), "\n") != 2 {
		t.Fatalf("code %d stderr %q out %q", code, errOut.String(), out.String())
	}

	out.Reset()
	errOut.Reset()
	code = LogsTail(context.Background(), inv, []string{"/no/such/group"}, LogsTailOptions{}, &out, &errOut)
	if code != ExitService || !strings.Contains(errOut.String(), "ResourceNotFoundException") {
		t.Errorf("missing group: code %d stderr %q", code, errOut.String())
	}
}

func TestLogsTailUsage(t *testing.T) {
	for _, opts := range []LogsTailOptions{{Since: "5h30m"}, {Format: "yaml"}} {
		var out, errOut bytes.Buffer
		if code := LogsTail(context.Background(), nil, []string{"g"}, opts, &out, &errOut); code != ExitUsage {
			t.Errorf("%+v: code %d %q", opts, code, errOut.String())
		}
	}
}

func TestLogsInsights(t *testing.T) {
	inv, _ := motoInvoker(t, "logs", invoke.Options{})
	g := logsGroup(t, inv, "s")
	now := time.Now()
	putLogs(t, inv, g, "s", now.Add(-time.Minute).UnixMilli(), "hello")
	var out, errOut bytes.Buffer
	code := LogsInsights(context.Background(), inv, []string{g}, "fields @timestamp, @message | limit 5", LogsInsightsOptions{}, &out, &errOut)
	ms := now.Add(-time.Minute).UnixMilli()
	want := fmt.Sprintf("@timestamp     @message\n%d  hello\n", ms)
	if code != ExitOK || out.String() != want || !strings.HasPrefix(errOut.String(), "Complete · ") {
		t.Fatalf("code %d\nstdout %q\nwant   %q\nstderr %q", code, out.String(), want, errOut.String())
	}
	out.Reset()
	code = LogsInsights(context.Background(), inv, []string{g}, "fields @message", LogsInsightsOptions{Format: "json"}, &out, &errOut)
	if code != ExitOK || out.String() != "{\"@message\": \"hello\"}\n" {
		t.Fatalf("json: code %d %q", code, out.String())
	}
}

// `nimbus logs tail` against moto prints what `aws logs tail` prints there, in every format,
// with --since and --filter-pattern: the events are read as the CLI reads them (boto3,
// FilterLogEvents interleaved from the since-time, every page; cli/testdata/tail_moto.py) and
// formatted by the CLI's formatting (awsapi/logtail/testdata/tail_formats.py).
func TestLogsTailMatchesCLIOnMoto(t *testing.T) {
	inv, url := motoInvoker(t, "logs", invoke.Options{})
	g := logsGroup(t, inv, "api", "worker")
	now := time.Now().Truncate(time.Second)
	putLogs(t, inv, g, "api", now.Add(-2*time.Minute).UnixMilli(), `{"level":"ERROR","msg":"caf\u00e9 down","took":1.50}`, "GET /health 200", "ERROR plain   ")
	putLogs(t, inv, g, "worker", now.Add(-90*time.Second).UnixMilli()+250, "job 7 done", `[1,2,{"ERROR":null}]`, "ERROR \x1b[31mred")
	putLogs(t, inv, g, "worker", now.Add(-30*time.Minute).UnixMilli(), "ERROR older than the window")
	for _, c := range []struct{ since, pattern string }{{"10m", ""}, {"5m", "ERROR"}, {"1h", ""}} {
		start, _ := logtail.ParseSince(c.since, now)
		args := []string{"testdata/tail_moto.py", url, testRegion, g, fmt.Sprint(start.UnixMilli())}
		if c.pattern != "" {
			args = append(args, c.pattern)
		}
		events, err := exec.Command("python3", args...).Output()
		if err != nil {
			t.Fatalf("boto3: %v", err)
		}
		oracle := exec.Command("python3", "../awsapi/logtail/testdata/tail_formats.py")
		oracle.Stdin = bytes.NewReader(events)
		out, err := oracle.Output()
		if err != nil {
			t.Fatalf("oracle: %v", err)
		}
		var want map[string]string
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"detailed", "short", "json"} {
			var got, errOut bytes.Buffer
			code := LogsTail(context.Background(), inv, []string{g}, LogsTailOptions{Format: f, Since: c.since, Pattern: c.pattern,
				Now: func() time.Time { return now }}, &got, &errOut)
			// nimbus escapes control bytes the CLI passes through to the terminal.
			w := strings.ReplaceAll(want[f], "\x1b", `\x1b`)
			if code != ExitOK || got.String() != w {
				t.Errorf("--since %s --filter-pattern %q --format %s: code %d %s\n got %q\nwant %q", c.since, c.pattern, f, code, errOut.String(), got.String(), w)
			}
		}
	}
}
