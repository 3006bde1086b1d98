package logview

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
)

// insightsApp is the Insights page alone on a session whose calls go to endpoint.
func insightsApp(t *testing.T, endpoint string, groups []string, hist string) (*tuitest.Driver, *tuitest.Clock) {
	d, clock, _ := insightsAppPage(t, endpoint, groups, hist)
	return d, clock
}

func insightsAppPage(t *testing.T, endpoint string, groups []string, hist string) (*tuitest.Driver, *tuitest.Clock, **InsightsPage) {
	t.Helper()
	clock := tuitest.NewClock(time.Now())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := testEnv(ctx, clock)
	catalog := clients.NewCatalog(env, model.Default())
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := (&motoserver.Server{URL: endpoint}).AWSConfig(region)
		return cfg, nil
	}
	page := new(*InsightsPage)
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "test", Region: "us-east-1", Load: load},
		Start: func(s tui.Session) tui.Page {
			p, err := NewInsights(env, catalog, s, groups, hist)
			if err != nil {
				t.Fatal(err)
			}
			*page = p
			return p
		}})
	return tuitest.New(t, app, 120, 24), clock, page
}

// The query runs on moto; its fields are the table's columns; the query is kept in the history
// file (owner-only), and ctrl+p recalls it on a new page.
func TestInsightsQueryMoto(t *testing.T) {
	srv := motoserver.StartShared(t)
	logs := invokerFor(t, srv, "logs")
	g := fmt.Sprintf("/nimbus/insights/%d", time.Now().UnixNano())
	call(t, logs, "CreateLogGroup", map[string]any{"logGroupName": g})
	call(t, logs, "CreateLogStream", map[string]any{"logGroupName": g, "logStreamName": "s"})
	putEvents(t, logs, g, "s", time.Now().Add(-time.Minute), "hello insights")
	hist := filepath.Join(t.TempDir(), "nimbus", "insights-history.json")

	d, _ := insightsApp(t, srv.URL, []string{g}, hist)
	d.WaitForText(wait, "groups "+g, "last 1h", "fields @timestamp, @message, @logStream")
	d.Key("ctrl+u") // clear the editor's line… then type a query of our own
	for range 3 {
		d.Key("ctrl+k")
		d.Key("ctrl+u")
		d.Key("backspace")
	}
	d.Type("fields @message, @timestamp")
	d.Key("ctrl+s")
	d.WaitForText(wait, "✓ Complete", "@message", "@timestamp", "hello insights", "1 result")
	data, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	var h struct{ Queries []string }
	if err := json.Unmarshal(data, &h); err != nil || len(h.Queries) != 1 || h.Queries[0] != "fields @message, @timestamp" {
		t.Fatalf("history %s (%v)", data, err)
	}
	if fi, _ := os.Stat(hist); fi.Mode().Perm() != 0o600 {
		t.Errorf("history mode %v", fi.Mode().Perm())
	}

	// A new page starts from the last query; ctrl+p on it steps back through the history.
	d2, _ := insightsApp(t, srv.URL, []string{g}, hist)
	d2.WaitForText(wait, "│ fields @message, @timestamp")
}

// fakeInsights speaks the logs JSON protocol for StartQuery, GetQueryResults (always Running)
// and StopQuery, recording the operations.
type fakeInsights struct {
	mu  sync.Mutex
	ops []string
}

func (f *fakeInsights) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328.")
	f.mu.Lock()
	f.ops = append(f.ops, op)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	switch op {
	case "StartQuery":
		io.WriteString(w, `{"queryId": "q-42"}`)
	case "GetQueryResults":
		io.WriteString(w, `{"status": "Running", "statistics": {"recordsMatched": 3, "recordsScanned": 1200, "bytesScanned": 4096},
			"results": [[{"field": "@ptr", "value": "p"}, {"field": "count()", "value": "3"}, {"field": "bin(5m)", "value": "2026-12-04 16:00:00.000"}]]}`)
	case "StopQuery":
		io.WriteString(w, `{"success": true}`)
	default:
		w.WriteHeader(400)
		io.WriteString(w, `{"__type": "UnknownOperationException"}`)
	}
}

func (f *fakeInsights) saw(op string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, o := range f.ops {
		if o == op {
			return true
		}
	}
	return false
}

// A running query shows its statistics and partial results as polls come (driven by the fake
// clock), and x stops it with StopQuery.
func TestInsightsRunningThenStop(t *testing.T) {
	fake := &fakeInsights{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	d, clock, page := insightsAppPage(t, srv.URL, []string{"/g"}, "")
	d.WaitForText(wait, "groups /g")
	d.Key("ctrl+t") // 1h → 3h
	d.WaitForText(wait, "last 3h")
	d.Key("ctrl+s")
	d.WaitForText(wait, "▶ Running · 3 records matched · 1,200 scanned · 4.0 KiB scanned", "count()", "bin(5m)", "2026-12-04 16:00:00.000")
	clock.WaitSleepers(t, 1, wait)
	clock.Advance(time.Second)
	d.Pump(200 * time.Millisecond)
	d.Key("x")
	d.WaitForText(wait, "query stopped")
	if !fake.saw("StopQuery") {
		t.Fatal("x sent no StopQuery")
	}
	tuitest.Golden(t, "insights-running", (*page).View())
}

func TestHistoryKeepsNewestFirst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.json")
	h, err := loadHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"a", "b", "a", " c "} {
		if err := h.add(q); err != nil {
			t.Fatal(err)
		}
	}
	h2, err := loadHistory(path)
	if err != nil || strings.Join(h2.Queries, ",") != "c,a,b" {
		t.Fatalf("%v %v", h2.Queries, err)
	}
	os.WriteFile(path, []byte("{not json"), 0o600)
	if h3, err := loadHistory(path); err == nil || len(h3.Queries) != 0 {
		t.Fatalf("a broken file: %v %v", h3.Queries, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}
