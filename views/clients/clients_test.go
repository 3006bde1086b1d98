package clients_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

const wait = 15 * time.Second

// newApp runs nimbus's client pages against moto at 110×30.
func newApp(t *testing.T, srv *motoserver.Server, readOnly bool) *tuitest.Driver {
	t.Helper()
	return newAppAt(t, srv, srv.URL, readOnly, nil)
}

// newAppAt sends the calls to endpoint (moto, or a proxy in front of it) and reads the time from
// clock (nil: the real clock).
func newAppAt(t *testing.T, srv *motoserver.Server, endpoint string, readOnly bool, clock *tuitest.Clock) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	if clock != nil {
		env.Clock = clock
	}
	lib := model.Default()
	catalog := clients.NewCatalog(env, lib)
	pages := withCollections(t, env, catalog)
	cmds := tui.NewCommands()
	views.Register(cmds, views.Deps{Env: env, Catalog: catalog, Models: lib})
	pages.Register(cmds) // :list
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := srv.AWSConfig(region)
		cfg.BaseEndpoint = aws.String(endpoint)
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Start: catalog.Services,
		Session: tui.Session{Profile: "test", Region: "us-east-1", ReadOnly: readOnly, Load: load},
	})
	return tuitest.New(t, app, 110, 30)
}

// withCollections wires resources.Pages, which opens the form's paginated operations.
func withCollections(t *testing.T, env tui.Env, catalog *clients.Catalog) *resources.Pages {
	t.Helper()
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	return resources.NewPages(env, catalog, reg, waitboard.New(env.Ctx), nil, 0)
}

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

// openOperation goes to a service's operation through the filter, as a person would.
func openOperation(t *testing.T, d *tuitest.Driver, service, op string) {
	t.Helper()
	command(d, "services "+service)
	d.WaitForText(wait, "services › "+service, "operations")
	d.Key("/")
	d.Type(op)
	d.Key("enter")
	d.WaitFor("the filter on "+op, wait, func(s string) bool { return strings.Contains(s, "▸ "+op) })
	d.Key("enter")
	d.WaitForText(wait, "› "+op)
}

// call builds an invoker straight on the engine, to seed data and check what nimbus shows.
func call(t *testing.T, srv *motoserver.Server, service, op string, input map[string]any) map[string]any {
	t.Helper()
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(srv.AWSConfig("us-east-1"), svc, invoke.Options{}).Call(context.Background(), op, input)
	if err != nil {
		t.Fatalf("%s %s: %v", service, op, err)
	}
	return out
}

func TestServicesListEveryModel(t *testing.T) {
	d := newApp(t, motoserver.StartShared(t), false)
	d.WaitForText(wait, "424 services", "accessanalyzer")
	d.Key("/")
	d.Type("dynamodb")
	d.Key("enter")
	d.WaitForText(wait, "3 of 424 services", "dax", "dynamodbstreams")
	d.Key("j") // dax, then dynamodb
	d.Key("enter")
	d.WaitForText(wait, "services › dynamodb", "BatchGetItem", "read", "mutate")
}

func TestCallAReadOperationShowsItsResult(t *testing.T) {
	d := newApp(t, motoserver.StartShared(t), false)
	openOperation(t, d, "sts", "GetCallerIdentity")
	d.Key("ctrl+s")
	d.WaitForText(wait, "GetCallerIdentity result", "HTTP 200", `Account: "123456789012"`)
	d.Key("c")
	d.WaitForText(wait, "aws sts get-caller-identity --profile test --region us-east-1", `client("sts"`)
}

func TestPaginatedOperationStreamsIntoACollection(t *testing.T) {
	srv := motoserver.StartShared(t)
	table := fmt.Sprintf("items-%d", time.Now().UnixNano())
	call(t, srv, "dynamodb", "CreateTable", map[string]any{
		"TableName":            table,
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
		"BillingMode":          "PAY_PER_REQUEST",
	})
	for i := range 5 {
		call(t, srv, "dynamodb", "PutItem", map[string]any{"TableName": table,
			"Item": map[string]any{"id": map[string]any{"S": fmt.Sprintf("item-%d", i)}}})
	}
	d := newApp(t, srv, false)
	openOperation(t, d, "dynamodb", "Scan")
	d.Type(table) // TableName is the first field: required fields come first
	d.Key("tab")
	d.WaitForText(wait, table)
	// Limit makes every page one item long, so the table fills page by page.
	for !strings.Contains(d.Screen(), "▸ Limit") && !strings.Contains(d.Screen(), "❯ Limit") {
		before := d.Screen()
		d.Key("tab")
		if d.Screen() == before {
			t.Fatalf("no Limit field reached:\n%s", d.Screen())
		}
	}
	d.Type("1")
	d.Key("ctrl+s")
	d.WaitForText(wait, "› Scan", "5 items", "5 pages")
	if !strings.Contains(d.Screen(), "ID") || !strings.Contains(d.Screen(), "item-3") {
		t.Errorf("the id attribute should be a column:\n%s", d.Screen())
	}
	d.Key("enter")
	d.WaitForText(wait, "id:", "S: \"item-")
}

// TestListAndTheFormShowAnOperationTheSameWay: `:list` and services → operation → run showed
// one paginated operation two ways, with columns derived from the model and from the data
// (issue 13, item 1). Both now open the same collection page from the same definition.
func TestListAndTheFormShowAnOperationTheSameWay(t *testing.T) {
	srv := motoserver.StartShared(t)
	for i := range 3 {
		call(t, srv, "ssm", "PutParameter", map[string]any{"Name": fmt.Sprintf("/same/p%d", i), "Value": "v", "Type": "String", "Overwrite": true})
	}
	d := newApp(t, srv, false)
	header := func() (string, string) {
		d.WaitFor("the listing", wait, func(s string) bool {
			return strings.Contains(s, "/same/p2") && !strings.Contains(s, "loading…")
		})
		lines := strings.Split(d.Screen(), "\n")
		status := lines[1][strings.LastIndex(lines[1], "  ")+2:]
		return strings.TrimSpace(lines[2]), strings.TrimSpace(status)
	}
	command(d, "list ssm DescribeParameters")
	listHead, listStatus := header()
	openOperation(t, d, "ssm", "DescribeParameters")
	d.Key("ctrl+s")
	d.WaitForText(wait, "› DescribeParameters › DescribeParameters")
	formHead, formStatus := header()
	if listHead != formHead || listStatus != formStatus {
		t.Errorf(":list and the form differ:\n%s · %s\n%s · %s", listHead, listStatus, formHead, formStatus)
	}
	if !strings.Contains(listHead, "NAME") || !strings.Contains(listStatus, "parameters") {
		t.Errorf("the generic definition's columns and noun: %q · %q", listHead, listStatus)
	}
	d.Key("enter") // an item opens as a document, with the call's aws CLI equivalent
	d.WaitForText(wait, "Name", "/same/p")
	d.Key("c")
	d.WaitForText(wait, "aws ssm describe-parameters")
}

// targets records the X-Amz-Target of every request that reaches the server through a proxy.
type targets struct {
	mu   sync.Mutex
	seen []string
}

func (tg *targets) rule(_ int, r *http.Request) faultproxy.Fault {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	tg.seen = append(tg.seen, r.Header.Get("X-Amz-Target"))
	return nil // proxy it unchanged
}

func (tg *targets) count(target string) int {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	n := 0
	for _, s := range tg.seen {
		if s == target {
			n++
		}
	}
	return n
}

func TestMutatingCallAsksFirstAndReadOnlyRefuses(t *testing.T) {
	srv := motoserver.StartShared(t)
	queue := fmt.Sprintf("q-%d", time.Now().UnixNano())
	listed := func() []any {
		urls, _ := call(t, srv, "sqs", "ListQueues", map[string]any{"QueueNamePrefix": queue})["QueueUrls"].([]any)
		return urls
	}

	// Read-only: the form refuses, and nothing reaches the server.
	seen := &targets{}
	proxy := faultproxy.Start(t, srv.URL, seen.rule)
	ro := newAppAt(t, srv, proxy.URL, true, nil)
	openOperation(t, ro, "sqs", "CreateQueue")
	ro.Type(queue)
	ro.Key("ctrl+s")
	ro.WaitForText(wait, "read-only")
	if n := seen.count("AmazonSQS.CreateQueue"); n != 0 {
		t.Fatalf("read-only mode sent CreateQueue %d times", n)
	}
	if urls := listed(); len(urls) != 0 {
		t.Fatalf("read-only mode created the queue: %v", urls)
	}

	// Not read-only: it asks first, then calls once.
	clock := tuitest.NewClock(time.Now())
	d := newAppAt(t, srv, proxy.URL, false, clock)
	openOperation(t, d, "sqs", "CreateQueue")
	d.Type(queue)
	d.Key("ctrl+s")
	d.WaitForText(wait, "may change state", "y / enter confirm")
	if n := seen.count("AmazonSQS.CreateQueue"); n != 0 {
		t.Fatalf("CreateQueue was sent before the confirmation (%d times)", n)
	}
	clock.Advance(time.Second) // the confirmation ignores keys pressed as it opens
	d.Key("y")
	d.WaitForText(wait, "CreateQueue result", "QueueUrl", queue)
	if n := seen.count("AmazonSQS.CreateQueue"); n != 1 {
		t.Fatalf("CreateQueue should be sent once, was sent %d times", n)
	}
	if urls := listed(); len(urls) != 1 {
		t.Fatalf("the queue was not created: %v", urls)
	}
}

// Under --readonly the form of a mutating call said "mutate" and "ctrl+s runs": the user filled
// it in before learning, at ctrl+s, that it is refused. The header says so as the form opens.
func TestReadOnlyFormSaysItWillBeRefused(t *testing.T) {
	srv := motoserver.StartShared(t)
	ro := newAppAt(t, srv, srv.URL, true, nil)
	openOperation(t, ro, "sqs", "CreateQueue")
	ro.WaitForText(wait, "mutate · refused under --readonly")
	rw := newAppAt(t, srv, srv.URL, false, nil)
	openOperation(t, rw, "sqs", "CreateQueue")
	rw.WaitForText(wait, "mutate")
	if strings.Contains(rw.Screen(), "refused") {
		t.Fatalf("without --readonly nothing is refused:\n%s", rw.Screen())
	}
	read := newAppAt(t, srv, srv.URL, true, nil)
	openOperation(t, read, "sqs", "ListQueues")
	if read.WaitForText(wait, "read"); strings.Contains(read.Screen(), "refused") {
		t.Fatalf("a read is not refused:\n%s", read.Screen())
	}
}

func TestWaiterIsWatchedLive(t *testing.T) {
	srv := motoserver.StartShared(t)
	table := fmt.Sprintf("waited-%d", time.Now().UnixNano())
	call(t, srv, "dynamodb", "CreateTable", map[string]any{
		"TableName":            table,
		"KeySchema":            []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}},
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}},
		"BillingMode":          "PAY_PER_REQUEST",
	})
	d := newApp(t, srv, false)
	command(d, "services dynamodb")
	d.WaitForText(wait, "services › dynamodb", "BatchGetItem")
	d.Key("w")
	d.WaitForText(wait, "TableExists", "TableNotExists")
	d.Key("/")
	d.Type("TableExists")
	d.Key("enter")
	d.WaitFor("the TableExists row", wait, func(s string) bool { return strings.Contains(s, "▸ TableExists") })
	d.Key("enter")
	d.WaitForText(wait, "wait TableExists")
	d.Type(table)
	d.Key("ctrl+s")
	d.WaitForText(wait, "attempt 1/", "success", "TableExists reached after 1 attempts")
}

// TestOperationFilterPutsExactNameFirst: "/describeinstances" listed DescribeInstanceSqlHaHistoryStates
// first and left the cursor there (issue 8, defect 17).
func TestOperationFilterPutsExactNameFirst(t *testing.T) {
	d := newApp(t, motoserver.StartShared(t), false)
	command(d, "services ec2")
	d.WaitForText(wait, "services › ec2", "operations")
	d.Key("/")
	d.Type("describeinstances")
	d.Key("enter")
	d.WaitFor("the exact operation first, under the cursor", wait, func(s string) bool {
		i := strings.Index(s, "DescribeInstance")
		return i >= 0 && strings.HasPrefix(s[i:], "DescribeInstances ") && strings.Contains(s, "▸ DescribeInstances ")
	})
}

// ctrl+w on a result opens the call's wire view: the signed request (signature redacted) and
// the raw response.
func TestResultWireView(t *testing.T) {
	d := newApp(t, motoserver.StartShared(t), false)
	openOperation(t, d, "sts", "GetCallerIdentity")
	d.Key("ctrl+s")
	d.WaitForText(wait, "GetCallerIdentity result", "HTTP 200")
	d.Key("ctrl+w")
	d.WaitForText(wait, "GetCallerIdentity …", "→ ", "POST ", "Action=GetCallerIdentity", "Credential=<redacted>/",
		"HTTP 200 OK", "<GetCallerIdentityResponse", "in memory only")
}
