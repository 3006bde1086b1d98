package logview

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// logsApp is nimbus's resource pages and log pages on moto, its clock fake.
func logsApp(t *testing.T, srv *motoserver.Server) (*tuitest.Driver, *tuitest.Clock) {
	t.Helper()
	clock := tuitest.NewClock(time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, clock)
	catalog := clients.NewCatalog(env, model.Default())
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, catalog, reg, waitboard.New(ctx), nil, 0)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	Register(cmds, Deps{Env: env, Invokers: catalog, Pages: pages, Options: Options{Location: time.UTC}})
	load := func(_ context.Context, _, region string) (aws.Config, error) { return srv.AWSConfig(region), nil }
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start:   func(s tui.Session) tui.Page { return pages.Open(s, mustType(t, reg, "log-group"), nil, "") }})
	return tuitest.New(t, app, 140, 24), clock
}

func mustType(t *testing.T, reg *resource.Registry, typ string) *resource.Def {
	t.Helper()
	d, ok := reg.Lookup(typ)
	if !ok {
		t.Fatalf("no type %s", typ)
	}
	return d
}

func command(d *tuitest.Driver, line string) {
	d.Key(":")
	d.Type(line)
	d.Key("enter")
}

// t on a log group row tails it; :tail without a group lists the groups in a picker where
// space selects several.
func TestTailFromARowAndFromThePicker(t *testing.T) {
	srv := motoserver.StartShared(t)
	logs := invokerFor(t, srv, "logs")
	base := fmt.Sprintf("/nimbus/pickzq%d", time.Now().UnixNano()) // z and q: in no other test group, so the fuzzy filter keeps only these
	for _, g := range []string{base + "/a", base + "/b"} {
		call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": g})
		call(t, logs, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": "s"})
		putEvents(t, logs, g, "s", time.Now().Add(-time.Minute), "hello from "+g[len(g)-1:])
	}
	d, _ := logsApp(t, srv)
	d.WaitForText(wait, base+"/a")
	d.Key("/")
	d.Type(base + "/b")
	d.Key("enter")
	d.WaitFor("the cursor on b", wait, func(s string) bool { return strings.Contains(s, "▸ "+base+"/b") })
	d.Key("t")
	d.WaitForText(wait, "tail "+base+"/b", "hello from b", "1 lines")
	// / searches a tail (n/N between matches, no line hidden); its footer said "/ filter".
	lines := strings.Split(d.Screen(), "\n")
	if footer := lines[len(lines)-1]; !strings.Contains(footer, "/ search") || strings.Contains(footer, "/ filter") {
		t.Errorf("the tail's footer should offer / as search: %q", footer)
	}
	d.Key("esc")

	command(d, "tail")
	d.WaitForText(wait, "tail which log groups?")
	d.Key("/")
	d.Type(base)
	d.Key("enter")
	d.WaitFor("the filter to keep the two groups", wait, func(s string) bool {
		return strings.Contains(s, base+"/a") && strings.Contains(s, base+"/b") && !strings.Contains(s, "filtering…") && strings.Contains(s, "2 of ")
	})
	d.Key("space")
	d.Key("j")
	d.Key("space")
	d.Key("enter")
	d.WaitForText(wait, "tail 2 groups", "hello from a", "hello from b", "2 groups")
	if s := d.Screen(); !strings.Contains(s, " a s hello from a") {
		t.Errorf("lines of several groups name their group:\n%s", s)
	}
}

func TestParseTail(t *testing.T) {
	tg, err := ParseTail([]string{"g1", "g2", "--since", "1h", "--filter", "ERROR", "-health"})
	if err != nil || strings.Join(tg.Groups, ",") != "g1,g2" || tg.Since != time.Hour || tg.Pattern != "ERROR -health" {
		t.Fatalf("%+v %v", tg, err)
	}
	if _, err := ParseTail([]string{"g", "--since"}); err == nil {
		t.Error("--since without a value accepted")
	}
	if _, err := ParseTail(strings.Fields("1 2 3 4 5 6 7 8 9 10 11")); err == nil {
		t.Error("11 groups accepted")
	}
}

func TestLambdaGroup(t *testing.T) {
	if g := LambdaGroup(map[string]any{"FunctionName": "api"}); g != "/aws/lambda/api" {
		t.Error(g)
	}
	if g := LambdaGroup(map[string]any{"FunctionName": "api", "LoggingConfig": map[string]any{"LogGroup": "/custom"}}); g != "/custom" {
		t.Error(g)
	}
}
