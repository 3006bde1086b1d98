package sessionmgr

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

// stsRecorder forwards to moto and keeps the form of every AssumeRole request.
type stsRecorder struct {
	mu    sync.Mutex
	forms []url.Values
}

func (r *stsRecorder) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") == "AssumeRole" {
			r.mu.Lock()
			r.forms = append(r.forms, form)
			r.mu.Unlock()
		}
	}
	return http.DefaultClient.Do(req)
}

const mfaChainConfig = `[profile base]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/ana
[profile deploy]
role_arn = arn:aws:iam::123456789012:role/Deploy
source_profile = admin
`

// The code reaches STS with the device, for the hop that has mfa_serial, also inside a longer
// chain; the prompt is told which profile, device and role it is for.
func TestMFACodeIsSentWithTheDeviceOfItsHop(t *testing.T) {
	moto := motoserver.StartShared(t)
	rec := &stsRecorder{}
	var asked []MFARequest
	m := newManager(t, mfaChainConfig, "", nil, func(o *Options) {
		o.EndpointURL = moto.URL
		o.HTTPClient = rec
		o.MFAPrompt = func(r MFARequest) (string, error) { asked = append(asked, r); return " 123456\n", nil }
	})
	id, err := m.Identity(context.Background(), "deploy", "us-east-1")
	if err != nil {
		t.Fatalf("Identity(deploy): %v", err)
	}
	if !strings.Contains(id.ARN, "assumed-role/Deploy") {
		t.Fatalf("ARN = %s", id.ARN)
	}
	want := MFARequest{Profile: "deploy", SerialNumber: "arn:aws:iam::123456789012:mfa/ana", RoleARN: "arn:aws:iam::123456789012:role/Admin"}
	if len(asked) != 1 || asked[0] != want {
		t.Fatalf("asked %+v, want once %+v", asked, want)
	}
	if len(rec.forms) != 2 {
		t.Fatalf("%d AssumeRole calls, want 2", len(rec.forms))
	}
	first, second := rec.forms[0], rec.forms[1]
	if first.Get("RoleArn") != want.RoleARN || first.Get("SerialNumber") != want.SerialNumber || first.Get("TokenCode") != "123456" {
		t.Errorf("first hop sent %v, want the Admin role with the device and the code", first)
	}
	if second.Get("SerialNumber") != "" || second.Get("TokenCode") != "" {
		t.Errorf("second hop sent an MFA code: %v", second)
	}
}

// A code that is not six digits is refused before anything is sent; without a prompt the error
// says what to do; either way Explain names the device.
func TestMFAErrorsSayWhatToDo(t *testing.T) {
	moto := motoserver.StartShared(t)
	rec := &stsRecorder{}
	cases := []struct {
		name   string
		prompt MFAPrompt
		want   string
	}{
		{"bad code", func(MFARequest) (string, error) { return "12ab56", nil }, "6 digits"},
		{"cancelled", func(MFARequest) (string, error) { return "", ErrMFACancelled }, "cancelled"},
		{"no prompt", nil, "terminal"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newManager(t, mfaChainConfig, "", nil, func(o *Options) {
				o.EndpointURL, o.HTTPClient, o.MFAPrompt = moto.URL, rec, tc.prompt
			})
			_, err := m.Identity(context.Background(), "admin", "us-east-1")
			var mfaErr *MFAError
			if !errors.As(err, &mfaErr) {
				t.Fatalf("err = %v, want an *MFAError", err)
			}
			got := Explain(err)
			if !strings.Contains(got, "arn:aws:iam::123456789012:mfa/ana") || !strings.Contains(got, tc.want) ||
				strings.Contains(got, "failed to refresh") {
				t.Fatalf("Explain = %q, want the device and %q", got, tc.want)
			}
		})
	}
	if len(rec.forms) != 0 {
		t.Fatalf("AssumeRole was sent %d times without a valid code", len(rec.forms))
	}
}

// The broker hands each request to the UI and returns its answer; the app ending cancels it.
func TestMFABrokerCarriesQuestionsToTheUI(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := NewMFABroker(ctx)
	type result struct {
		code string
		err  error
	}
	done := make(chan result)
	ask := func() { code, err := b.Prompt(MFARequest{Profile: "admin"}); done <- result{code, err} }

	go ask()
	q := <-b.Questions()
	if q.Profile != "admin" {
		t.Fatalf("question for %q", q.Profile)
	}
	q.Answer("654321")
	if r := <-done; r.code != "654321" || r.err != nil {
		t.Fatalf("Prompt = %+v", r)
	}

	go ask()
	(<-b.Questions()).Cancel()
	if r := <-done; !errors.Is(r.err, ErrMFACancelled) {
		t.Fatalf("cancelled Prompt = %+v", r)
	}

	go ask()
	<-b.Questions() // the UI got it, then the app quits without answering
	cancel()
	if r := <-done; !errors.Is(r.err, ErrMFACancelled) {
		t.Fatalf("Prompt after the app ended = %+v", r)
	}
}

// On anything but a terminal the headless prompt reads nothing and asks nothing.
func TestTerminalMFAPromptRefusesAPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if _, err := w.WriteString("123456\n"); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	_, err = TerminalMFAPrompt(r, &out)(MFARequest{Profile: "admin", SerialNumber: "arn:aws:iam::123456789012:mfa/ana"})
	if !errors.Is(err, ErrNoTerminal) || out.Len() != 0 {
		t.Fatalf("err = %v, printed %q; want ErrNoTerminal and nothing printed", err, out.String())
	}
}
