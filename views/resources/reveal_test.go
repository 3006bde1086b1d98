package resources_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// targets records the X-Amz-Target of every JSON-protocol request (secretsmanager's operations).
type targets struct {
	mu   sync.Mutex
	seen []string
}

func (c *targets) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.seen = append(c.seen, req.Header.Get("X-Amz-Target"))
	c.mu.Unlock()
	return http.DefaultClient.Do(req)
}

func (c *targets) count(suffix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.seen {
		if strings.HasSuffix(s, "."+suffix) {
			n++
		}
	}
	return n
}

// A secret's value is fetched only after the user confirms the reveal, and --readonly allows it:
// GetSecretValue reveals a secret but changes nothing.
func TestRevealAsksFirstAndRunsUnderReadOnly(t *testing.T) {
	srv := freshMoto(t)
	const region, value = "eu-north-1", "hunter2-REVEAL-MARKER"
	svc, err := model.Default().Load("secretsmanager")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := invoke.New(srv.AWSConfig(region), svc, invoke.Options{}).Call(context.Background(), "CreateSecret",
		map[string]any{"Name": "db-pass", "SecretString": value}); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clock := tuitest.NewClock(time.Now())
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := resources.NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, 0)
	cmds := tui.NewCommands()
	pages.Register(cmds)
	calls := &targets{}
	load := func(_ context.Context, _, r string) (aws.Config, error) {
		cfg := srv.AWSConfig(r)
		cfg.HTTPClient = calls
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds,
		Session: tui.Session{Profile: "test", Region: region, ReadOnly: true, Load: load},
		Start: func(s tui.Session) tui.Page {
			def, _ := reg.Lookup("secret")
			return pages.Open(s, def, def.ListInput(nil), "")
		},
	})
	d := tuitest.New(t, app, 120, 30)
	loaded(d, "db-pass")
	if strings.Contains(d.Screen(), value) {
		t.Fatalf("the list shows the secret's value:\n%s", d.Screen())
	}

	d.Key("v")
	d.WaitForText(wait, "Reveal db-pass", "shows a secret on screen", "y / enter confirm")
	if n := calls.count("GetSecretValue"); n != 0 {
		t.Fatalf("GetSecretValue sent %d times before the reveal was confirmed", n)
	}
	clock.Advance(time.Second) // past the guard against keys pressed as the confirmation opens
	d.Key("y")
	d.WaitForText(wait, value)
	if n := calls.count("GetSecretValue"); n != 1 {
		t.Fatalf("GetSecretValue sent %d times, want once", n)
	}
}
