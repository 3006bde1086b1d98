package s3_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
)

// Issue 9 #5 for the S3 browser: switching from a working profile to one that fails shows the
// new profile's error on every S3 page — the objects of a prefix, an object's preview, the bucket
// list below them — and never the old profile's rows.
func TestSwitchToAFailingProfileClearsEveryS3Page(t *testing.T) {
	srv, err := demo.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	browser := s3.NewBrowser(env)
	load := func(_ context.Context, profile, region string) (aws.Config, error) {
		if profile == "broken" {
			return aws.Config{}, errors.New("no credentials for profile broken")
		}
		cfg := demo.Config(srv.URL)
		cfg.Region = region
		return cfg, nil
	}
	app := tui.New(tui.Options{Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: tui.NewCommands(),
		Session: tui.Session{Profile: "works", Region: "us-east-1", Load: load}, Start: browser.Buckets})
	d := tuitest.New(t, app, 100, 30)
	d.WaitForText(wait, "demo-photos", "4 buckets")
	d.Key("G")
	d.Key("enter")
	d.WaitForText(wait, "s3 › demo-photos", "README.txt")
	d.Key("G") // README.txt, the last entry
	d.Key("enter")
	d.WaitFor("the object loaded", wait, func(s string) bool {
		return strings.Contains(s, "preview: whole object") && !strings.Contains(s, "loading")
	})
	before := d.Screen()

	d.Send(tui.SwitchSessionMsg{Profile: "broken"})
	d.WaitFor("both errors", wait, func(s string) bool {
		return strings.Count(s, "no credentials for profile broken") >= 2 && !strings.Contains(s, "loading")
	})
	// Every line of the preview the old profile loaded is gone (the object's name stays).
	for _, l := range strings.Split(before, "\n")[3:] {
		if l = strings.TrimSpace(l); len(l) > 12 && !strings.Contains(l, "s3://") && !strings.Contains(l, "↓/j") &&
			strings.Contains(d.Screen(), l) {
			t.Fatalf("the object page still shows %q of the old profile:\n%s", l, d.Screen())
		}
	}
	d.Key("esc")
	d.WaitForText(wait, "no credentials for profile broken")
	if strings.Contains(d.Screen(), "README.txt") {
		t.Fatalf("the objects page shows the old profile's rows:\n%s", d.Screen())
	}
	d.Key("esc")
	d.WaitForText(wait, "no credentials for profile broken")
	for _, b := range []string{"demo-photos", "4 buckets"} {
		if strings.Contains(d.Screen(), b) {
			t.Fatalf("the bucket list shows the old profile's %q:\n%s", b, d.Screen())
		}
	}
}
