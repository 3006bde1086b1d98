package tui_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
	"github.com/nimbus-tui/nimbus/internal/faultproxy"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// callPage makes one AWS-like call through netpolicy's client when it opens and shows its
// outcome.
type callPage struct {
	tasks  *tui.Tasks
	url    string
	result string
}

type calledMsg struct{ err error }

func (p *callPage) Title() string     { return "calls" }
func (p *callPage) Tasks() *tui.Tasks { return p.tasks }
func (p *callPage) SetSize(int, int)  {}
func (p *callPage) Keys() help.KeyMap { return keymap.Default().Table }
func (p *callPage) View() string      { return "result: " + p.result }
func (p *callPage) Init() tea.Cmd {
	url := p.url
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		ctx = awsmiddleware.SetOperationName(awsmiddleware.SetServiceID(ctx, "S3"), "ListObjectsV2")
		req, _ := http.NewRequestWithContext(ctx, "GET", url+"/bucket?list-type=2", nil)
		req.Header.Set("Amz-Sdk-Request", "attempt=2; max=3")
		resp, err := netpolicy.Policy{ReadTimeout: time.Hour}.HTTPClient().Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		return calledMsg{err: err}
	})
}
func (p *callPage) Update(msg tea.Msg) tea.Cmd {
	if inner, ok := p.tasks.Accept(msg); ok {
		p.result = "ok"
		if err := inner.(calledMsg).err; err != nil {
			p.result = err.Error()
		}
	}
	return nil
}

// A page that has waited on AWS for more than 2 s says for how long and for what; esc cancels
// the call, whose plain error the page then shows, and leaves the page open.
func TestWaitingPageShowsTheCallAndEscCancelsIt(t *testing.T) {
	up := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(up.Close)
	proxy := faultproxy.Start(t, up.URL, faultproxy.Always(faultproxy.Stall()))
	clock := tuitest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	page := &callPage{tasks: tui.NewTasks(ctx), url: proxy.URL}
	app := tui.New(tui.Options{
		Context: ctx, Session: tui.Session{Profile: "dev", Region: "eu-west-1"},
		Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock,
		Start: func(tui.Session) tui.Page { return page },
	})
	d := tuitest.New(t, app, 100, 12)
	d.WaitFor("the call to go out", 10*time.Second, func(string) bool { return proxy.Count() == 1 })
	d.Send(struct{}{}) // the app sees the call under way now
	clock.Advance(time.Second)
	d.Send(struct{}{})
	if strings.Contains(d.Screen(), "waiting") {
		t.Fatalf("a wait of 1 s is shown:\n%s", d.Screen())
	}
	clock.Advance(11 * time.Second)
	d.WaitForText(5*time.Second, "waiting 12s for s3 ListObjectsV2 (attempt 2/3) · esc cancels")
	d.Key("esc")
	host := strings.TrimPrefix(proxy.URL, "http://")
	d.WaitForText(10*time.Second, "result: cancelled while waiting for "+host+" (attempt 2/3)")
	if app.Depth() != 1 || strings.Contains(d.Screen(), "esc cancels") {
		t.Fatalf("after esc (depth %d):\n%s", app.Depth(), d.Screen())
	}
}
