package sessionmgr

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/internal/faultproxy"
)

// stallingEndpoint is a server that never answers.
func stallingEndpoint(t *testing.T) (url, host string) {
	t.Helper()
	up := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(up.Close)
	p := faultproxy.Start(t, up.URL, faultproxy.Always(faultproxy.Stall()))
	return p.URL, strings.TrimPrefix(p.URL, "http://")
}

func noBackoff(int, error) (time.Duration, error) { return 0, nil }

// The profile's cli_read_timeout and max_attempts bound its calls; --cli-read-timeout wins.
func TestReadTimeoutFromProfileAndFlag(t *testing.T) {
	url, host := stallingEndpoint(t)
	config := "[profile slow]\ncli_read_timeout = 0.2\nmax_attempts = 2\nregion = us-east-1\n"
	creds := "[slow]\naws_access_key_id = AKID\naws_secret_access_key = SECRET\n"
	flag := 300 * time.Millisecond
	for _, c := range []struct {
		name string
		flag *time.Duration
		want string
	}{
		{"profile", nil, fmt.Sprintf("no answer from %s in 0.2 s (attempt 2/2)", host)},
		{"flag", &flag, fmt.Sprintf("no answer from %s in 0.3 s (attempt 2/2)", host)},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := newManager(t, config, creds, nil, func(o *Options) {
				o.EndpointURL, o.ReadTimeout, o.Backoff = url, c.flag, noBackoff
			})
			_, err := m.Identity(context.Background(), "slow", "")
			if got := Explain(err); !strings.HasSuffix(got, c.want) {
				t.Fatalf("Explain = %q, want it to end with %q", got, c.want)
			}
		})
	}
}

func TestTimeoutSettingsAndDefaults(t *testing.T) {
	m := newManager(t, "[profile a]\ncli_connect_timeout = 5\ncli_read_timeout = 0\n[profile b]\ncli_read_timeout = soon\n", "", nil, nil)
	snap := m.snap
	a := m.policy(snap, "a")
	if a.ConnectTimeout != 5*time.Second || a.ReadTimeout != 0 || a.MaxAttempts != 3 {
		t.Fatalf("profile a: %+v", a)
	}
	b := m.policy(snap, "b")
	if b.ConnectTimeout != 60*time.Second || b.ReadTimeout != 60*time.Second {
		t.Fatalf("profile b (bad value, defaults): %+v", b)
	}
}
