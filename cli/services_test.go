package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

func TestServicesListsEveryServiceAligned(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Services(model.Default(), &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	index, err := model.Index()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(index) || len(index) < 400 {
		t.Fatalf("%d lines for %d services", len(lines), len(index))
	}
	protoCol := -1
	for i, line := range lines {
		fields := strings.Fields(line)
		if len(fields) != 3 {
			t.Fatalf("line %q: want name, protocol, count", line)
		}
		info := index[i]
		if fields[0] != info.Name || fields[1] != info.Protocol || fields[2] != strconv.Itoa(info.Operations) {
			t.Errorf("line %q, want %s %s %d", line, info.Name, info.Protocol, info.Operations)
		}
		col := strings.Index(line, " "+fields[1]) + 1
		if protoCol == -1 {
			protoCol = col
		} else if col != protoCol {
			t.Errorf("line %q: protocol starts at column %d, others at %d", line, col, protoCol)
		}
	}
	if !strings.Contains(out.String(), "\ndynamodb ") {
		t.Error("dynamodb missing")
	}
}

func TestOperationsOfAService(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Operations(model.Default(), "s3api", &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	s3, err := model.Load("s3")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(s3.Operations) {
		t.Fatalf("%d lines for %d operations", len(lines), len(s3.Operations))
	}
	byName := map[string][]string{}
	for _, line := range lines {
		f := strings.Fields(line)
		byName[f[0]] = f
	}
	for op, kind := range map[string]string{"ListBuckets": "read", "GetObject": "read", "DeleteBucket": "mutate", "PutObject": "mutate"} {
		f := byName[op]
		if len(f) < 3 || f[1] != kind {
			t.Errorf("%s: %v, want %s and a doc", op, f, kind)
		}
	}
	if !strings.Contains(out.String(), "Returns a list of all buckets") {
		t.Errorf("ListBuckets doc missing from:\n%s", out.String()[:500])
	}
}

func TestOperationsAcceptsServiceIDSpelling(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Operations(model.Default(), "DynamoDB", &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if !strings.Contains(out.String(), "DescribeTable") || !strings.Contains(out.String(), "mutate") {
		t.Errorf("unexpected output:\n%s", out.String())
	}
}

func TestOperationsUnknownServiceSuggests(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Operations(model.Default(), "dynamo", &out, &errOut)
	if code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out.String())
	}
	msg := errOut.String()
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, `unknown service "dynamo"`) || !strings.Contains(msg, "did you mean dynamodb") {
		t.Errorf("stderr %q: want one line naming the service and suggesting dynamodb", msg)
	}
}

// A doc holding terminal escapes (the models are data we do not control) is printed escaped.
func TestOperationsEscapesControlCharacters(t *testing.T) {
	svc := model.Service{
		Name:     "evil",
		Metadata: model.Metadata{Protocol: "json", ServiceID: "Evil", EndpointPrefix: "evil"},
		Operations: map[string]*model.Operation{
			"DescribeThings": {Name: "DescribeThings", Doc: "Lists \x1b]0;pwned\x07 things."},
		},
	}
	index := model.IndexData{FormatVersion: model.FormatVersion, Services: []model.ServiceInfo{
		{Name: "evil", Protocol: "json", ServiceID: "Evil", EndpointPrefix: "evil", Operations: 1},
	}}
	lib := model.NewLibrary(fstest.MapFS{
		model.IndexFile: {Data: gzipJSON(t, index)},
		"evil.json.gz":  {Data: gzipJSON(t, svc)},
	})
	var out, errOut bytes.Buffer
	if code := Operations(lib, "evil", &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("control characters reached the terminal: %q", out.String())
	}
	if !strings.Contains(out.String(), `\x1b]0;pwned\x07`) {
		t.Errorf("escaped doc missing: %q", out.String())
	}
}

func TestServicesReportsBrokenData(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Services(model.NewLibrary(fstest.MapFS{}), &out, &errOut); code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	if errOut.Len() == 0 {
		t.Error("no message on stderr")
	}
}

func gzipJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// nimbus operations shows the three classes, and both classes of an operation whose input can
// raise its class.
func TestOperationsShowsSecretClasses(t *testing.T) {
	for svc, want := range map[string]map[string]string{
		"ssm":            {"GetParameter": "read/reveals-secret", "DescribeParameters": "read", "PutParameter": "mutate"},
		"secretsmanager": {"GetSecretValue": "reveals-secret", "ListSecrets": "read"},
	} {
		var out, errOut bytes.Buffer
		if code := Operations(model.Default(), svc, &out, &errOut); code != ExitOK {
			t.Fatalf("%s: exit %d, stderr %q", svc, code, errOut.String())
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if f := strings.Fields(line); len(f) >= 2 {
				got[f[0]] = f[1]
			}
		}
		for op, kind := range want {
			if got[op] != kind {
				t.Errorf("%s %s: %q, want %q", svc, op, got[op], kind)
			}
		}
	}
}
