package signin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/console"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/keymap/keymaptest"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

const wait = 10 * time.Second

// locPage shows a log group, as a collection page with its cursor on one does.
type locPage struct{ tasks *tui.Tasks }

func (p *locPage) Title() string          { return "log groups" }
func (p *locPage) Init() tea.Cmd          { return nil }
func (p *locPage) Update(tea.Msg) tea.Cmd { return nil }
func (p *locPage) SetSize(int, int)       {}
func (p *locPage) View() string           { return "" }
func (p *locPage) Keys() help.KeyMap      { return pagekit.KeyMap{} }
func (p *locPage) Tasks() *tui.Tasks      { return p.tasks }
func (p *locPage) Location() tui.Location {
	return tui.Location{Service: "logs", Type: "log-group", ID: "/aws/lambda/thumbs"}
}

// federation answers getSigninToken and counts the calls.
func federation(t *testing.T) (string, *int) {
	var mu sync.Mutex
	n := new(int)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		*n++
		mu.Unlock()
		json.NewEncoder(w).Encode(map[string]string{"SigninToken": "TOKEN"})
	}))
	t.Cleanup(srv.Close)
	return srv.URL, n
}

// app runs the app with the opener; browse says what the browser does.
func app(t *testing.T, fed string, browse Browse) *tuitest.Driver {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	opener := New(env, browse, console.Options{FederationURL: fed})
	load := func(ctx context.Context, profile, region string) (aws.Config, error) {
		return aws.Config{Region: region, Credentials: credentials.NewStaticCredentialsProvider("ASIATEMP", "secret", "token")}, nil
	}
	a := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session:    tui.Session{Profile: "prod-web", Region: "eu-west-1", Load: load},
		Start:      func(tui.Session) tui.Page { return &locPage{tasks: tui.NewTasks(ctx)} },
		Components: []tui.Component{opener},
		Console:    opener.Open,
	})
	return tuitest.New(t, a, 100, 30)
}

// O signs in and opens the browser at the page's resource: the URL the browser gets is the
// federation login for the log group's console page.
func TestOOpensTheConsoleAtThePagesResource(t *testing.T) {
	fed, calls := federation(t)
	got := make(chan string, 1)
	d := app(t, fed, func(u string) (bool, string) { got <- u; return true, "" })
	d.Key("O")
	d.WaitForText(wait, "opened the AWS console in your browser, signed in as prod-web · eu-west-1")
	u, err := url.Parse(<-got)
	if err != nil || *calls != 1 {
		t.Fatalf("%v, %d calls", err, *calls)
	}
	if dest := u.Query().Get("Destination"); dest != "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Fthumbs" {
		t.Fatalf("destination %s", dest)
	}
}

// Where no browser can be opened the URL is shown whole in a dialog, with why, and y copies it.
func TestOShowsTheURLWhenNoBrowserCanBeOpened(t *testing.T) {
	fed, _ := federation(t)
	d := app(t, fed, func(string) (bool, string) { return false, "over SSH" })
	d.Key("O")
	d.WaitForText(wait, "AWS console sign-in", "No browser can be opened here (over SSH)", "signs in as prod-web · eu-west-1", "SigninToken=TOKEN")
	flat := strings.ReplaceAll(d.Screen(), "\n", "")
	if !strings.Contains(strings.ReplaceAll(flat, "│", ""), "Action=login") {
		t.Fatalf("the URL should be shown:\n%s", d.Screen())
	}
}

func TestURLDialogCopiesTheURL(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	dlg := newURLDialog(env, "https://signin.example/federation?SigninToken=T", "dev · eu-west-1", "no display")
	cmd := dlg.Update(tuitest.KeyPress("y"))
	if cmd == nil {
		t.Fatal("y did nothing")
	}
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatalf("y: %T", cmd())
	}
	found := false
	for _, c := range batch {
		if c != nil && fmt.Sprint(c()) == "https://signin.example/federation?SigninToken=T" {
			found = true
		}
	}
	if !found {
		t.Fatal("y should put the URL on the clipboard")
	}
}

// The demo has no account to sign in to: O says so and calls nothing.
func TestODoesNothingInTheDemo(t *testing.T) {
	o := New(tui.Env{Ctx: context.Background()}, nil, console.Options{})
	msg := o.Open(tui.Session{Demo: true}, tui.Location{})()
	if m, ok := msg.(tui.ToastMsg); !ok || !strings.Contains(m.Text.String(), "demo") {
		t.Fatalf("%#v", msg)
	}
}

// The sign-in URL dialog copies with actions.copy (it had a y of its own): remapped in keys.json,
// the new key copies the URL, y does not, and the footer names the new key.
func TestURLDialogCopiesWithTheKeyMapsCopyKey(t *testing.T) {
	r := keymaptest.RemapAll(t)
	d := newURLDialog(tui.Env{Ctx: context.Background(), Keys: r.Keys, Styles: tui.NewStyles(true)}, "https://signin.aws.amazon.com/federation?x", "dev", "no display")
	if bad := keymaptest.Unmapped(d.Keys()); len(bad) > 0 {
		t.Fatalf("keys not from the key map: %s", strings.Join(bad, ", "))
	}
	if cmd := d.Update(tuitest.KeyPress("y")); cmd != nil {
		t.Error("y still copies")
	}
	if cmd := d.Update(keymaptest.Press(r.New["actions.copy"])); cmd == nil {
		t.Errorf("%s (actions.copy) does not copy", r.New["actions.copy"])
	}
}
