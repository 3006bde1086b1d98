package invoke

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// botocoreSample are the services the differential test covers by default; set
// NIMBUS_BOTOCORE_ALL=1 to cover all 424.
var botocoreSample = []string{
	"sts", "s3", "ec2", "iam", "dynamodb", "sqs", "sns", "lambda", "cloudformation", "logs", "kms",
	"secretsmanager", "ssm", "kinesis", "ecs", "rds", "route53", "cloudfront", "cloudwatch",
	"apigateway", "glacier", "s3control", "elbv2", "autoscaling", "events", "stepfunctions",
}

type botocoreRequest struct {
	Method, Path, Query string
	Headers             map[string]string
	BodyB64             string `json:"body_b64"`
	Error               string
}

// TestMatchesBotocoreSerializer builds a request for every operation of the sampled services
// from a minimal valid input, with our engine and with botocore's own serializer, and compares
// method, path, query, the protocol's headers and the body (as data: botocore writes members in
// model order, the SDK and we in name order).
func TestMatchesBotocoreSerializer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs botocore")
	}
	services := botocoreSample
	if os.Getenv("NIMBUS_BOTOCORE_ALL") != "" {
		index, err := model.Index()
		if err != nil {
			t.Fatal(err)
		}
		services = services[:0]
		for _, info := range index {
			services = append(services, info.Name)
		}
	}
	cmd := exec.Command("python3", "testdata/botocore_serialize.py")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("python3 with botocore is needed: %v", err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	answers := bufio.NewReader(stdout)

	ctx := context.Background()
	compared, mismatched := 0, 0
	for _, full := range []bool{false, true} {
		for _, name := range services {
			svc := loadModel(t, name)
			inv := New(goldenConfig(&recorder{}), svc, Options{})
			for _, op := range svc.OperationNames() {
				oi, err := inv.schemas.operation(op)
				if err != nil || oi.eventStream {
					continue
				}
				var input map[string]any
				if oi.op.Input != nil {
					if full {
						input, _ = fullSampleInput(svc, oi.op.Input.Shape).(map[string]any)
					} else {
						input, _ = sampleInput(svc, oi.op.Input.Shape, 0).(map[string]any)
					}
					fillIdempotencyTokens(svc, oi.op.Input.Shape, input)
				}
				wire, _ := json.Marshal(map[string]any{"service": name, "operation": op, "input": pythonValue(input)})
				stdin.Write(append(wire, '\n'))
				line, err := answers.ReadBytes('\n')
				if err != nil {
					t.Fatalf("botocore: %v", err)
				}
				var want botocoreRequest
				if err := json.Unmarshal(line, &want); err != nil {
					t.Fatal(err)
				}
				if want.Error != "" {
					t.Logf("%s %s: botocore could not serialize: %s", name, op, want.Error)
					continue
				}
				values, _, err := inv.validate(oi, input)
				if err != nil {
					if strings.Count(err.Error(), "[0]") > 8 { // the sample generator gave up on a deep recursive shape
						t.Logf("%s %s: no sample input: %.200s", name, op, err)
						continue
					}
					t.Errorf("%s %s: %v", name, op, err)
					continue
				}
				req, err := inv.serialize(ctx, oi, values)
				if err != nil {
					t.Errorf("%s %s: %v", name, op, err)
					continue
				}
				var body []byte
				if s := req.GetStream(); s != nil {
					body, _ = io.ReadAll(s)
				}
				compared++
				if diffs := diffBotocore(inv.protocol, req.Method, req.URL, req.Header, body, want); len(diffs) > 0 {
					mismatched++
					t.Errorf("%s %s (%s, full=%v):\n\t%s", name, op, inv.protocol, full, strings.Join(diffs, "\n\t"))
				}
			}
		}
	}
	t.Logf("%d requests compared with botocore, %d differ", compared, mismatched)
}

// fillIdempotencyTokens sets every top-level idempotency token, so both sides send the same one.
func fillIdempotencyTokens(svc *model.Service, shape string, input map[string]any) {
	for name, ref := range svc.Shapes[shape].Members {
		if ref.IdempotencyToken {
			input[name] = "00000000-0000-4000-8000-000000000000"
		}
	}
}

// pythonValue converts a sample input into what botocore takes: blobs as text, times as ISO 8601.
func pythonValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = pythonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = pythonValue(e)
		}
		return out
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339)
	}
	return v
}

// protocolHeaders are the headers a serializer sets, which must agree.
var protocolHeaders = []string{"X-Amz-Target", "Content-Type"}

func diffBotocore(protocol, method string, u *url.URL, h map[string][]string, body []byte, want botocoreRequest) []string {
	var diffs []string
	if method != want.Method {
		diffs = append(diffs, fmt.Sprintf("method %s, botocore %s", method, want.Method))
	}
	gotPath, _ := url.PathUnescape(u.EscapedPath())
	// botocore leaves the URI's static query ("/{Bucket}?tagging") in the path for its HTTP layer.
	wantPath, staticQuery, _ := strings.Cut(want.Path, "?")
	wantPath, _ = url.PathUnescape(wantPath)
	if staticQuery != "" {
		want.Query = strings.TrimPrefix(want.Query+"&"+staticQuery, "&")
	}
	if gotPath != wantPath {
		diffs = append(diffs, fmt.Sprintf("path %s, botocore %s", gotPath, wantPath))
	}
	gq, _ := url.ParseQuery(u.RawQuery)
	wq, _ := url.ParseQuery(want.Query)
	if len(gq)+len(wq) > 0 && !reflect.DeepEqual(gq, wq) {
		diffs = append(diffs, fmt.Sprintf("query %s, botocore %s", u.RawQuery, want.Query))
	}
	for _, k := range protocolHeaders {
		g := strings.Join(http.Header(h).Values(k), ",")
		w := want.Headers[k]
		if k == "Content-Type" {
			// botocore adds "; charset=utf-8" to forms and omits the type of empty bodies.
			g, w = strings.TrimSuffix(g, "; charset=utf-8"), strings.TrimSuffix(w, "; charset=utf-8")
			if g == "" || w == "" {
				continue
			}
		}
		if g != w {
			diffs = append(diffs, fmt.Sprintf("header %s %q, botocore %q", k, g, w))
		}
	}
	for k, w := range want.Headers {
		// Content-Length comes from the body on the wire, whatever a ContentLength member says.
		if strings.EqualFold(k, "Content-Type") || strings.EqualFold(k, "X-Amz-Target") || strings.EqualFold(k, "Content-MD5") ||
			strings.EqualFold(k, "Content-Length") {
			continue
		}
		if g := strings.Join(http.Header(h).Values(k), ","); g != w {
			diffs = append(diffs, fmt.Sprintf("header %s %q, botocore %q", k, g, w))
		}
	}
	wantBody, _ := base64.StdEncoding.DecodeString(want.BodyB64)
	if d := diffBody(protocol, body, wantBody); d != "" {
		diffs = append(diffs, d)
	}
	return diffs
}

func diffBody(protocol string, got, want []byte) string {
	if bytes.Equal(got, want) {
		return ""
	}
	bad := func() string { return fmt.Sprintf("body\n\t  got %s\n\t want %s", got, want) }
	switch protocol {
	case protoJSON, protoRestJSON:
		if len(bytes.TrimSpace(want)) == 0 && string(got) == "{}" || len(got) == 0 && string(want) == "{}" {
			return ""
		}
		var g, w any
		if json.Unmarshal(got, &g) != nil || json.Unmarshal(want, &w) != nil || !reflect.DeepEqual(g, w) {
			return bad()
		}
	case protoQuery, protoEC2:
		g, err1 := url.ParseQuery(string(got))
		w, err2 := url.ParseQuery(string(want))
		if err1 != nil || err2 != nil || !reflect.DeepEqual(g, w) {
			return bad()
		}
	case protoRestXML:
		// With no body member set, botocore sends nothing and the typed client an empty root
		// element; we do as the typed client.
		if len(bytes.TrimSpace(want)) == 0 && bytes.HasSuffix(got, []byte("></"+rootName(got)+">")) &&
			bytes.Count(got, []byte("<")) == 2 {
			return ""
		}
		g, err1 := canonicalXML(got)
		w, err2 := canonicalXML(want)
		if err1 != nil || err2 != nil || g != w {
			return bad()
		}
	default:
		return bad()
	}
	return ""
}

func rootName(p []byte) string {
	name, _, _ := strings.Cut(strings.TrimPrefix(string(p), "<"), " ")
	name, _, _ = strings.Cut(name, ">")
	return name
}

// xmlNode is an element with its children sorted by name (keeping the order of same-named
// items), so documents that differ only in member order compare equal.
type xmlNode struct {
	Name     string
	Attrs    []string
	Text     string
	Children []*xmlNode
}

func canonicalXML(p []byte) (string, error) {
	if len(bytes.TrimSpace(p)) == 0 {
		return "", nil
	}
	dec := xml.NewDecoder(bytes.NewReader(p))
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{Name: t.Name.Space + ":" + t.Name.Local}
			for _, a := range t.Attr {
				n.Attrs = append(n.Attrs, a.Name.Space+":"+a.Name.Local+"="+a.Value)
			}
			sort.Strings(n.Attrs)
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.Children = append(parent.Children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			n := stack[len(stack)-1]
			sort.SliceStable(n.Children, func(i, j int) bool { return n.Children[i].Name < n.Children[j].Name })
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += strings.TrimSpace(string(t))
			}
		}
	}
	out, err := json.Marshal(root)
	return string(out), err
}
