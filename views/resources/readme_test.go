package resources_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// The README's claims about the resource pages, each held by a test.

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

func callIn(t *testing.T, srv *motoserver.Server, region, service, op string, input map[string]any) map[string]any {
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

// pick filters a picker for name and chooses it.
func pick(d *tuitest.Driver, name string) {
	d.Key("/")
	d.Type(name)
	d.Key("enter")
	d.WaitFor("the "+name+" row", wait, func(s string) bool { return strings.Contains(s, "▸ "+name) })
	d.Key("enter")
}

// "W waits on a row for a state you choose", ":waiters lists every running waiter (x cancels one)".
func TestWaitOnARowThenCancelItOnTheWaitersPage(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "us-west-1", 1)
	// The instance is running: InstanceStopped polls until cancelled (an hour between polls).
	d := startApp(t, srv, appConfig{region: "us-west-1", waitDelay: time.Hour})
	loaded(d, ids[0])
	d.Key("W")
	d.WaitForText(wait, "│ wait for ", "InstanceStopped", "InstanceTerminated")
	pick(d, "InstanceStopped")
	d.WaitFor("the row's waiter", wait, func(s string) bool { return rowHas(s, ids[0], "running ⟳ 1") })
	command(d, "waiters")
	d.WaitFor("the waiter on the board", wait, func(s string) bool { return rowHas(s, "InstanceStopped", ids[0], "⟳") })
	d.Key("x")
	d.WaitForText(wait, "cancelling InstanceStopped")
	d.WaitFor("the waiter to end", wait, func(s string) bool {
		return rowHas(s, "InstanceStopped", ids[0], "✗") && !strings.Contains(s, "⟳")
	})
}

func rowHas(screen string, texts ...string) bool {
	for _, l := range strings.Split(screen, "\n") {
		all := true
		for _, t := range texts {
			if !strings.Contains(l, t) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// ":list SERVICE OPERATION opens any paginated List/Describe operation as a collection."
func TestListAnyPaginatedOperation(t *testing.T) {
	srv := freshMoto(t)
	region := "us-west-2"
	var names []string
	for i := range 3 {
		name := fmt.Sprintf("listed-%d", i)
		callIn(t, srv, region, "sqs", "CreateQueue", map[string]any{"QueueName": name})
		names = append(names, name)
	}
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "list sqs ListQueues")
	d.WaitForText(wait, append([]string{"queue urls", "3 queue urls"}, names...)...)
	command(d, "list sqs")
	d.WaitForText(wait, "usage: :list SERVICE OPERATION")
}

// `:list s3 ListObjectsV2` opened a page that failed with "invalid input … (nothing was sent; fix
// the fie…" and offered r, which fails the same way: the required members are asked for on the
// command line (NAME=VALUE), and their absence is said before any page opens.
func TestListTakesTheRequiredInput(t *testing.T) {
	srv := freshMoto(t)
	region := "us-west-1"
	role := fmt.Sprintf("listed-role-%d", time.Now().UnixNano())
	callIn(t, srv, region, "iam", "CreateRole", map[string]any{"RoleName": role, "AssumeRolePolicyDocument": "{}"})
	callIn(t, srv, region, "iam", "PutRolePolicy", map[string]any{"RoleName": role, "PolicyName": "inline-7",
		"PolicyDocument": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`})
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "list iam ListRolePolicies")
	d.WaitForText(wait, "iam ListRolePolicies needs RoleName")
	if s := d.Screen(); strings.Contains(s, "invalid input") || !strings.Contains(s, "instances") {
		t.Fatalf("the command should say what is missing and stay on the page:\n%s", s)
	}
	command(d, "list iam ListRolePolicies RoleName="+role)
	d.WaitForText(wait, "inline-7")
}

// "enter drills into the default sub-resource (log group → streams → events)".
func TestEnterDrillsIntoTheDefaultSubResource(t *testing.T) {
	srv := freshMoto(t)
	region := "ap-east-1"
	callIn(t, srv, region, "logs", "CreateLogGroup", map[string]any{"logGroupName": "/app/web"})
	callIn(t, srv, region, "logs", "CreateLogStream", map[string]any{"logGroupName": "/app/web", "logStreamName": "web-1"})
	callIn(t, srv, region, "logs", "PutLogEvents", map[string]any{"logGroupName": "/app/web", "logStreamName": "web-1",
		"logEvents": []any{map[string]any{"timestamp": time.Now().UnixMilli(), "message": "hello from web-1"}}})
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "logs")
	loaded(d, "/app/web")
	d.Key("enter")
	d.WaitForText(wait, "/app/web › streams", "web-1")
	loaded(d, "web-1")
	d.Key("enter")
	d.WaitForText(wait, "web-1 › events", "hello from web-1")
}

// "enter drills into the default sub-resource (instance → volumes …)": it opened describe.
func TestEnterOnAnInstanceListsItsVolumes(t *testing.T) {
	srv := freshMoto(t)
	ids := runInstances(t, srv, "me-south-1", 1)
	d := startApp(t, srv, appConfig{region: "me-south-1"})
	loaded(d, ids[0])
	d.Key("enter")
	d.WaitForText(wait, ids[0]+" › volumes", "vol-")
}

// The README's "What enter opens" table, checked against the definitions: every type the README
// names has a row, each → is the type's default sub-resource, and "describe" ends the chain where
// a type has none (issue 8 #4: the README promised instance → volumes while enter described).
func TestREADMESaysWhatEnterOpens(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	// The commands the README offers: "Inside, type `:` and a resource type — `:ec2`, … (tab completes".
	_, intro, _ := strings.Cut(readme, "Inside, type `:` and a resource type")
	intro, _, _ = strings.Cut(intro, "(tab completes")
	named := regexp.MustCompile("`:([a-z0-9-]+)`").FindAllStringSubmatch(intro, -1)
	if len(named) < 10 {
		t.Fatalf("found %d commands in the README's introduction", len(named))
	}
	_, section, ok := strings.Cut(readme, "### What `enter` opens")
	if !ok {
		t.Fatal("the README has no \"What `enter` opens\" section")
	}
	rows := map[string][]string{}
	paren := regexp.MustCompile(`\s*\([^)]*\)`)
	for _, l := range strings.Split(section, "\n") {
		m := regexp.MustCompile("^\\| `:([a-z0-9-]+)` \\| (.*) \\|$").FindStringSubmatch(l)
		if m == nil {
			if len(rows) > 0 && !strings.HasPrefix(l, "|") {
				break
			}
			continue
		}
		rows[m[1]] = strings.Split(paren.ReplaceAllString(m[2], ""), " → ")
	}
	for _, n := range named {
		alias := n[1]
		chain, ok := rows[alias]
		if !ok {
			t.Errorf("the README names :%s but does not say what enter opens there", alias)
			continue
		}
		def, ok := reg.Lookup(alias)
		if !ok {
			t.Errorf(":%s is no resource type", alias)
			continue
		}
		if chain[0] != def.Title {
			t.Errorf(":%s: the README says %q, the rows are %q", alias, chain[0], def.Title)
			continue
		}
		if def.Browser == "s3" { // the S3 browser: buckets → prefixes and objects → a preview
			if def.Default != "objects" || len(chain) != 3 || chain[1] != "prefixes and objects" {
				t.Errorf(":%s: the README says %q", alias, chain)
			}
			continue
		}
		for i, step := range chain[1:] {
			if step == "describe" {
				if def.Default != "" || i != len(chain)-2 {
					t.Errorf(":%s: the README says enter on %s describes, but it opens %s", alias, def.Title, def.Default)
				}
				break
			}
			if def.Default != step {
				t.Errorf(":%s: the README says enter on %s opens %q, but it opens %q (\"\" describes)", alias, def.Title, step, def.Default)
				break
			}
			child, _ := childType(reg, def, step)
			if child == nil {
				t.Errorf(":%s: %s has no sub-resource %q", alias, def.Title, step)
				break
			}
			def = child
		}
		if last := chain[len(chain)-1]; last != "describe" {
			t.Errorf(":%s: the README's chain should end where enter describes, not at %q", alias, last)
		}
	}
}

func childType(reg *resource.Registry, def *resource.Def, name string) (*resource.Def, bool) {
	for _, c := range def.Children {
		if c.Name == name {
			return reg.Lookup(c.Type)
		}
	}
	return nil, false
}

// "enter … describes the row when the type has none": a queue has no default sub-resource.
func TestEnterOnAQueueDescribesIt(t *testing.T) {
	srv := freshMoto(t)
	region := "sa-east-1"
	callIn(t, srv, region, "sqs", "CreateQueue", map[string]any{"QueueName": "orders"})
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "sqs")
	loaded(d, "orders")
	d.Key("enter")
	d.WaitForText(wait, "queues › orders", "QueueArn")
}
