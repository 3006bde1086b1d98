package resources

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/confirm"
	"github.com/nimbus-tui/nimbus/views/docpage"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// A listing that revealed secrets (GetParametersByPath with WithDecryption) is not fetched again
// by a session switch, and r asks before it runs again.
func TestSecretListingIsNotReloadedOnItsOwn(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	h := NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, time.Minute)
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	s := tui.Session{Profile: "test", Region: "us-east-1", ReadOnly: true}
	page, err := h.OpenOperation(s, svc, "GetParametersByPath", map[string]any{"Path": "/", "WithDecryption": true},
		docpage.Snippet{}, "WithDecryption returns SecureString values")
	if err != nil {
		t.Fatal(err)
	}
	p := page.(*collectionPage)
	p.SetSize(100, 10)
	if _, on := p.nextRefresh(); on {
		t.Error("a secret listing must not refresh on its own")
	}

	s.Region = "eu-west-1"
	p.Reload(s)
	if p.Loading {
		t.Fatal("a session switch started the secret listing again")
	}
	if !strings.Contains(p.Table.View(), "r reveals it") {
		t.Errorf("the empty table does not say how to reveal again:\n%s", p.Table.View())
	}

	cmd := p.Update(tuitest.KeyPress("r"))
	if p.Loading {
		t.Fatal("r started the secret listing without a confirmation")
	}
	var msg tea.Msg
	if cmd != nil {
		msg = cmd()
	}
	open, ok := msg.(tui.OpenMsg)
	if !ok {
		t.Fatalf("r: %T, want a confirmation opened", msg)
	}
	if _, ok := open.Dialog.(*confirm.Dialog); !ok {
		t.Fatalf("r opened %T, want a confirmation", open.Dialog)
	}
	p.Update(p.Tasks().Wrap(func() tea.Msg { return revealMsg{} })()) // the answer, as the app delivers it
	if !p.Loading {
		t.Error("a confirmed reveal did not list again")
	}
}

// The emptied secret listing names the user's refresh key: it said r whatever table.refresh was.
func TestSecretListingNamesTheRefreshKey(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"table.refresh": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	env := tui.Env{Ctx: ctx, Keys: km, Styles: tui.NewStyles(true)}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	h := NewPages(env, clients.NewCatalog(env, model.Default()), reg, waitboard.New(ctx), nil, time.Minute)
	svc, err := model.Default().Load("ssm")
	if err != nil {
		t.Fatal(err)
	}
	s := tui.Session{Profile: "test", Region: "us-east-1", ReadOnly: true}
	page, err := h.OpenOperation(s, svc, "GetParametersByPath", map[string]any{"Path": "/", "WithDecryption": true},
		docpage.Snippet{}, "WithDecryption returns SecureString values")
	if err != nil {
		t.Fatal(err)
	}
	p := page.(*collectionPage)
	p.SetSize(100, 10)
	s.Region = "eu-west-1"
	p.Reload(s)
	if v := p.Table.View(); !strings.Contains(v, "ctrl+o reveals it") {
		t.Errorf("the empty table does not name the refresh key:\n%s", v)
	}
}
