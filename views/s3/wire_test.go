package s3_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
)

// The S3 browser's calls go through the typed S3 client, not the engine: they reach the wire
// view all the same (actions.wire on its pages), every attempt with its request and response,
// and the session's key and secret appear in no field of any entry.
func TestS3PagesHaveAWireView(t *testing.T) {
	const key, secret, token = "AKIAS3WIREVIEW000001", "s3WireView/Secret+Key/0000000000000000000", "FwoGZXIvYXdzS3Wire+View/Token=="
	srv, err := demo.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	browser := s3.NewBrowser(env)
	session := tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(srv.URL)
		cfg.Region = region
		cfg.Credentials = credentials.NewStaticCredentialsProvider(key, secret, token)
		return cfg, nil
	}}
	app := tui.New(tui.Options{Context: ctx, Session: session, Keys: env.Keys, Styles: env.Styles,
		Commands: tui.NewCommands(), Start: browser.Buckets})
	d := tuitest.New(t, app, 160, 40)
	d.WaitForText(wait, "demo-photos", "4 buckets")
	d.Key("G")
	d.Key("enter")
	d.WaitForText(wait, "s3 › demo-photos", "README.txt")
	d.Key("ctrl+w")
	d.WaitForText(wait, "S3 wire · demo", "(s3 ListObjectsV2)", "Credential=<redacted>/", "X-Amz-Security-Token: <redacted>", "HTTP 200")

	entries, _ := browser.WireLog(session).Entries()
	var all strings.Builder
	kinds := map[wire.Kind]int{}
	for _, e := range entries {
		kinds[e.Kind]++
		all.WriteString(wire.Format(e))
		fmt.Fprintf(&all, "%#v\n", e)
	}
	if kinds[wire.Request] < 2 || kinds[wire.Response] != kinds[wire.Request] || kinds[wire.Body] != kinds[wire.Request] {
		t.Errorf("entries by kind %v", kinds)
	}
	if !strings.Contains(all.String(), "(s3 ListBuckets)") {
		t.Errorf("no ListBuckets in\n%s", all.String())
	}
	for _, s := range []string{key, secret, token, url.QueryEscape(secret), url.QueryEscape(token)} {
		if strings.Contains(all.String(), s) {
			t.Errorf("the wire view holds %q", s)
		}
	}
	d.Key("esc")
	d.WaitForText(wait, "s3 › demo-photos", "README.txt")
}
