package login_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/ssofake"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/sessionmgr"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/login"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// expiring stands in front of moto's STS and answers ExpiredToken, as AWS does, for the session
// tokens a test declares expired (ExpireSeen: every one used so far). Keys without a session
// token pass.
type expiring struct {
	URL     string
	mu      sync.Mutex
	seen    map[string]bool
	expired map[string]bool
	refused atomic.Int64
}

func startExpiring(t *testing.T, target string) *expiring {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	e := &expiring{seen: map[string]bool{}, expired: map[string]bool{}}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("X-Amz-Security-Token")
		e.mu.Lock()
		expired := e.expired[tok]
		if tok != "" {
			e.seen[tok] = true
		}
		e.mu.Unlock()
		if expired && r.Header.Get("X-Amz-Target") != "" {
			e.refused.Add(1) // a JSON protocol's error document
			w.Header().Set("Content-Type", "application/x-amz-json-1.0")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"__type":"ExpiredToken","message":"The security token included in the request is expired"}`)
			return
		}
		if expired {
			e.refused.Add(1)
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>`+
				`<Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error>`+
				`<RequestId>4a5e2f1c-0000-4000-8000-000000000000</RequestId></ErrorResponse>`)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// ExpireSeen makes every session token used so far expired.
func (e *expiring) ExpireSeen() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for tok := range e.seen {
		e.expired[tok] = true
	}
}

// whoPage shows who the session is (STS GetCallerIdentity) and reloads on r: a page that fails
// with expired credentials like any other, through tui.Error.
type whoPage struct {
	tasks   *tui.Tasks
	session tui.Session
	text    string
	loads   atomic.Int64 // calls of the page's task: a retry runs it again
}

type whoMsg struct {
	arn string
	err error
}

func (p *whoPage) Title() string     { return "who" }
func (p *whoPage) Init() tea.Cmd     { return p.load() }
func (p *whoPage) SetSize(int, int)  {}
func (p *whoPage) View() string      { return "who: " + p.text }
func (p *whoPage) Keys() help.KeyMap { return pagekit.KeyMap{} }
func (p *whoPage) Tasks() *tui.Tasks { return p.tasks }
func (p *whoPage) Reload(s tui.Session) tea.Cmd {
	p.session = s
	p.tasks.Restart()
	return p.load()
}

func (p *whoPage) load() tea.Cmd {
	s := p.session
	p.text = "loading"
	return p.tasks.Run(func(ctx context.Context) tea.Msg {
		p.loads.Add(1)
		cfg, err := s.Config(ctx)
		if err != nil {
			return whoMsg{err: err}
		}
		out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return whoMsg{err: err}
		}
		return whoMsg{arn: aws.ToString(out.Arn)}
	})
}

func (p *whoPage) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "r" {
		return p.load()
	}
	inner, ok := p.tasks.Accept(msg)
	if !ok {
		return nil
	}
	if m, ok := inner.(whoMsg); ok {
		if m.err != nil {
			p.text = "failed"
			return tui.Error(m.err)
		}
		p.text = m.arn
	}
	return nil
}

// remedyConfig adds a role for an hour, longer than the CLI cache's 15-minute window: its cached
// credentials are good by the file when AWS calls them expired.
const remedyConfig = config + `[profile mfa-hour]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
duration_seconds = 3600
`

// remedyApp runs the shell as ui.go wires it (advice, the remedy dialogs, the MFA listener) on
// one fake clock for the app, the dialogs and the Manager, over moto STS behind an expiring
// front, starting on a whoPage of profile.
func remedyApp(t *testing.T, profile string, clock *tuitest.Clock, before ...func(*sessionmgr.Manager)) (*tuitest.Driver, *whoPage, *expiring, *sessionmgr.Manager, *atomic.Int64) {
	t.Helper()
	page := &whoPage{}
	start := func(ctx context.Context, s tui.Session) tui.Page {
		page.tasks, page.session = tui.NewTasks(ctx), s
		return page
	}
	d, front, mgr, asked := remedyAppOn(t, profile, clock, start, before...)
	return d, page, front, mgr, asked
}

// remedyAppOn is remedyApp starting on the page start returns (with the app's context and the
// start session); before runs with the Manager before the app starts.
func remedyAppOn(t *testing.T, profile string, clock *tuitest.Clock, start func(context.Context, tui.Session) tui.Page,
	before ...func(*sessionmgr.Manager)) (*tuitest.Driver, *expiring, *sessionmgr.Manager, *atomic.Int64) {
	t.Helper()
	moto := motoserver.StartShared(t)
	front := startExpiring(t, moto.URL)
	home := t.TempDir()
	cfg := filepath.Join(home, "config")
	if err := os.WriteFile(cfg, []byte(remedyConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL_STS", front.URL)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	broker := sessionmgr.NewMFABroker(ctx)
	asked := &atomic.Int64{}
	mgr, err := sessionmgr.New(sessionmgr.Options{ConfigFile: cfg, CredentialsFile: os.DevNull, Now: clock.Now,
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		},
		MFAPrompt: func(r sessionmgr.MFARequest) (string, error) { asked.Add(1); return broker.Prompt(r) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range before {
		f(mgr)
	}
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	cmds := tui.NewCommands()
	deps := login.Deps{Env: env, Sessions: mgr, OpenBrowser: func(string) bool { return false }, LocalBrowser: func() bool { return false }}
	login.Register(cmds, deps)
	listener := login.NewMFAListener(env, broker)
	a := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Clock: clock,
		Session:    tui.Session{Profile: profile, Region: "us-east-1", Load: mgr.Config},
		Start:      func(s tui.Session) tui.Page { return start(ctx, s) },
		Advise:     sessionmgr.Advise,
		Remedy:     login.Remedy(deps),
		Components: []tui.Component{listener},
	})
	d := tuitest.New(t, a, 140, 30)
	d.Send(tea.BatchMsg{listener.Listen()})
	return d, front, mgr, asked
}

// loggedIn writes a token for profile's SSO session as another tool's login would have: 8 h on
// the clock, no refresh token.
func loggedIn(t *testing.T, fake *ssofake.Server, clock *tuitest.Clock, mgr *sessionmgr.Manager, profile string) {
	t.Helper()
	s, err := mgr.SSOSessionFor(profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := sessionmgr.WriteSSOToken(s.CacheFile, sessionmgr.SSOToken{StartURL: s.StartURL, Region: s.Region,
		AccessToken: fake.IssueToken(), ExpiresAt: clock.Now().Add(8 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

// An SSO session that expires in the middle of work: the call fails with ExpiredToken, the page
// says so and the login is offered (the submit key starts it, since it opens the browser); after
// the login the failed call runs again, once, and succeeds. The next expiry is renewed with the
// refresh token that login brought, without asking the user.
func TestSSOExpiryMidSessionOffersLoginThenRetries(t *testing.T) {
	fake := ssofake.Start(t)
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	d, page, front, _, _ := remedyApp(t, "sso", clock, func(mgr *sessionmgr.Manager) { loggedIn(t, fake, clock, mgr, "sso") })
	d.WaitForText(wait, "who: arn:aws:sts::")

	// Nine hours later: the role credentials and the SSO token have expired.
	clock.Advance(9 * time.Hour)
	front.ExpireSeen()
	loads := page.loads.Load()
	d.Key("r")
	d.WaitForText(wait, "credentials expired (ExpiredToken)", "get new credentials, then retry (L)",
		"not logged in to sso-session corp", "enter logs in")
	if got := page.loads.Load(); got != loads+1 {
		t.Fatalf("the page loaded %d times before the login, want 1 (no blind retry)", got-loads)
	}
	if fake.Requests("StartDeviceAuthorization") != 0 {
		t.Fatal("the login started before the user asked for it")
	}
	d.Key("enter")
	d.WaitForText(wait, "ABCD-EFGH")
	sleeping(t, d, clock, 1)
	clock.Advance(time.Second)
	d.WaitForText(wait, "logged in to sso-session corp")
	d.WaitFor("the retry", wait, func(s string) bool { return strings.Contains(s, "who: arn:aws:sts::") })
	if got := page.loads.Load(); got != loads+2 {
		t.Fatalf("the page loaded %d times for the failure and the retry, want 2\n%s", got-loads, d.Screen())
	}
	if strings.Contains(d.Screen(), "SSO login") {
		t.Fatalf("the dialog stayed open:\n%s", d.Screen())
	}

	// Another nine hours: the token is renewed with the refresh token the login brought, the user
	// is not asked, and the call runs again.
	clock.Advance(9 * time.Hour)
	front.ExpireSeen()
	loads = page.loads.Load()
	d.Key("r")
	d.WaitForText(wait, "new credentials for profile sso")
	d.WaitFor("the retry", wait, func(s string) bool { return strings.Contains(s, "who: arn:aws:sts::") })
	if got := page.loads.Load(); got != loads+2 {
		t.Fatalf("the page loaded %d times, want 2", got-loads)
	}
	if fake.Requests("StartDeviceAuthorization") != 1 || fake.Grants[len(fake.Grants)-1] != "refresh_token" {
		t.Fatalf("renewed with %v after %d logins", fake.Grants, fake.Requests("StartDeviceAuthorization"))
	}
}

// Role credentials with an MFA device that AWS calls expired while the CLI's cache still says they
// are good: the code is asked again (the cache entry is not trusted) and the call runs again.
func TestExpiredMFARoleCredentialsAskTheCodeThenRetry(t *testing.T) {
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	d, page, front, _, asked := remedyApp(t, "mfa-hour", clock)
	d.WaitForText(wait, "MFA code")
	d.Type("123456")
	d.Key("enter")
	d.WaitForText(wait, "who: arn:aws:sts::123456789012:assumed-role/Admin/")
	front.ExpireSeen()
	loads := page.loads.Load()
	d.Key("r")
	d.WaitForText(wait, "credentials expired (ExpiredToken)", "MFA code", "arn:aws:iam::123456789012:mfa/ana")
	d.Type("654321")
	d.Key("enter")
	d.WaitForText(wait, "new credentials for profile mfa-hour")
	d.WaitFor("the retry", wait, func(s string) bool { return strings.Contains(s, "who: arn:aws:sts::123456789012:assumed-role/Admin/") })
	if got := page.loads.Load(); got != loads+2 || asked.Load() != 2 || front.refused.Load() != 1 {
		t.Fatalf("loads %d (want 2), MFA questions %d (want 2), refused %d (want 1)", got-loads, asked.Load(), front.refused.Load())
	}
}

// Where a local browser opens, the login dialog signs in with the authorization code: the sign-in
// page opens, comes back to the loopback listener, and the dialog closes logged in; no device
// code is shown.
func TestLoginDialogSignsInWithTheAuthorizationCode(t *testing.T) {
	fake := ssofake.Start(t)
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	d, page, _, mgr, _ := remedyApp(t, "sso", clock)
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	browsed := make(chan string, 1)
	deps := login.Deps{Env: env, Sessions: mgr, LocalBrowser: func() bool { return true },
		OpenBrowser: func(link string) bool {
			go func() { // a browser: the sign-in page redirects to nimbus, which it follows
				resp, err := http.Get(link)
				if err == nil {
					resp.Body.Close()
				}
				browsed <- link
			}()
			return true
		}}
	loads := page.loads.Load()
	d.Send(tui.OpenMsg{Dialog: login.NewLoginDialog(deps, "sso", false)})
	d.WaitForText(wait, "logged in to sso-session corp")
	if link := <-browsed; !strings.HasPrefix(link, fake.URL+"/authorize?") {
		t.Fatalf("opened %q", link)
	}
	if fake.Requests("StartDeviceAuthorization") != 0 || fake.Grants[0] != "authorization_code" {
		t.Fatalf("grants %v", fake.Grants)
	}
	d.WaitFor("the page's reload", wait, func(string) bool { return page.loads.Load() > loads })
}

// An action that fails because the SSO session expired — here an operation form's CreateQueue —
// runs again after the login: the action itself, once, through the client the page already
// had, and the queue exists on moto afterwards. The page is not merely reloaded.
func TestExpiredActionRunsAgainAfterTheLogin(t *testing.T) {
	fake := ssofake.Start(t)
	t.Setenv("AWS_ENDPOINT_URL_SSO_OIDC", fake.URL)
	t.Setenv("AWS_ENDPOINT_URL_SSO", fake.URL)
	clock := tuitest.NewClock(time.Now().UTC().Truncate(time.Second))
	moto := motoserver.StartShared(t)
	start := func(ctx context.Context, s tui.Session) tui.Page {
		env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
		return clients.NewCatalog(env, model.Default()).Operations(s, "sqs")
	}
	d, front, mgr, _ := remedyAppOn(t, "sso", clock, start, func(m *sessionmgr.Manager) { loggedIn(t, fake, clock, m, "sso") })
	t.Setenv("AWS_ENDPOINT_URL_SQS", front.URL)

	// A first call with the session's credentials, which then expire.
	cfg, err := mgr.Config(context.Background(), "sso", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(9 * time.Hour)
	front.ExpireSeen()

	queue := fmt.Sprintf("renewed-%d", time.Now().UnixNano())
	d.Key("/")
	d.Type("CreateQueue")
	d.Key("enter")
	d.WaitFor("the filter", wait, func(s string) bool { return strings.Contains(s, "▸ CreateQueue") })
	d.Key("enter")
	d.WaitForText(wait, "› CreateQueue")
	d.Type(queue)
	d.Key("ctrl+s")
	d.WaitForText(wait, "y / enter confirm")
	clock.Advance(time.Second) // the confirmation ignores keys pressed as it opens
	d.Key("y")
	d.WaitForText(wait, "credentials expired (ExpiredToken)", "enter logs in")
	if n := front.refused.Load(); n != 1 {
		t.Fatalf("%d calls refused before the login, want 1 (no blind retry)", n)
	}
	d.Key("enter")
	d.WaitForText(wait, "ABCD-EFGH")
	sleeping(t, d, clock, 1)
	clock.Advance(time.Second)
	d.WaitForText(wait, "logged in to sso-session corp")
	d.WaitForText(wait, "CreateQueue result", queue)
	if n := front.refused.Load(); n != 1 {
		t.Fatalf("%d calls refused, want 1: the retry went out with the old credentials", n)
	}
	svc, err := model.Default().Load("sqs")
	if err != nil {
		t.Fatal(err)
	}
	out, err := invoke.New(moto.AWSConfig("us-east-1"), svc, invoke.Options{}).Call(context.Background(), "GetQueueUrl", map[string]any{"QueueName": queue})
	if err != nil || out["QueueUrl"] == nil {
		t.Fatalf("the queue is not on moto: %v %v", out, err)
	}
}
