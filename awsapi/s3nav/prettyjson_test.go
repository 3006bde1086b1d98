package s3nav_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
)

// A JSON object used to show as the one long line it was stored as (issue 8 #14); it is now laid
// out as `jq .` would, also when the preview limit cuts it, and text that only starts like JSON
// is left alone.
func TestPreviewIndentsJSON(t *testing.T) {
	f := newFake(t, false)
	f.bucket(t, "b")
	f.put(t, "b", "config.json", []byte(`{"name":"app","tags":["a","b"],"empty":{},"nested":{"s":"x, y: {z}","n":1.50}}`), nil)
	f.put(t, "b", "settings.ini", []byte("[main]\nkey = value\n"), nil)
	big := "[" + strings.Repeat(`{"id":12345,"v":"abcdef"},`, 5000) + `{"id":0}]`
	f.put(t, "b", "big.json", []byte(big), nil)

	p, err := f.nav.Preview(context.Background(), "b", "config.json", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "name": "app",
  "tags": [
    "a",
    "b"
  ],
  "empty": {},
  "nested": {
    "s": "x, y: {z}",
    "n": 1.50
  }
}
`
	if got := s3nav.Render(p); got != want {
		t.Errorf("Render(config.json) =\n%s\nwant\n%s", got, want)
	}

	p, _ = f.nav.Preview(context.Background(), "b", "settings.ini", 0)
	if got := s3nav.Render(p); got != "[main]\nkey = value\n" {
		t.Errorf("Render(settings.ini) = %q, want the text unchanged", got)
	}

	p, _ = f.nav.Preview(context.Background(), "b", "big.json", 0)
	if !p.Truncated {
		t.Fatalf("big.json should be cut by the preview limit")
	}
	got := s3nav.Render(p)
	if !strings.HasPrefix(got, "[\n  {\n    \"id\": 12345,\n    \"v\": \"abcdef\"\n  },\n") {
		t.Errorf("a cut JSON preview is not indented: %.80q", got)
	}
}
