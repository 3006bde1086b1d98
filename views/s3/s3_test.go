package s3_test

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/s3"
)

const wait = 10 * time.Second

// newApp runs the S3 browser against the in-process demo server at 100×30, as a person would see it.
func newApp(t *testing.T) (*tuitest.Driver, *demo.Server) {
	t.Helper()
	srv, err := demo.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	browser := s3.NewBrowser(env)
	cmds := tui.NewCommands()
	cmds.Add(tui.Command{Name: "s3", Run: func(s tui.Session, args []string) tea.Cmd {
		return browser.Open(s, args[0])
	}})
	load := func(_ context.Context, profile, region string) (aws.Config, error) {
		cfg := demo.Config(srv.URL)
		cfg.Region = region
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context:  ctx,
		Session:  tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: load},
		Keys:     env.Keys,
		Styles:   env.Styles,
		Commands: cmds,
		Start:    browser.Buckets,
	})
	return tuitest.New(t, app, 100, 30), srv
}

func TestBrowseBucketsPrefixesAndAnObject(t *testing.T) {
	d, _ := newApp(t)
	d.WaitForText(wait, "demo-photos", "4 buckets")
	tuitest.Golden(t, "buckets", d.Screen())

	d.Key("G") // demo-photos is the last bucket
	d.Key("enter")
	d.WaitForText(wait, "s3 › demo-photos", "2024/", "raw/", "README.txt")
	tuitest.Golden(t, "objects-root", d.Screen())

	d.Key("enter") // 2024/
	d.WaitForText(wait, "s3 › demo-photos › 2024/", "01/")
	d.Key("enter") // 01/
	d.WaitForText(wait, "› 01/", "img-0001.jpg")
	if d.Screen() == "" || strings.Contains(d.Screen(), "loading") {
		d.WaitFor("the listing to finish", wait, func(s string) bool { return !strings.Contains(s, "loading") })
	}
	tuitest.Golden(t, "objects-prefix", d.Screen())

	d.Key("/")
	d.Type("0002")
	d.Key("enter")
	d.WaitForText(wait, " 1 of 31 entries: 30 objects, 1 prefix", "img-0002.jpg")
	if strings.Contains(d.Screen(), "img-0001.jpg") {
		t.Fatalf("the filter should hide img-0001.jpg:\n%s", d.Screen())
	}
	d.Key("enter")
	d.WaitForText(wait, "Content type", "image/jpeg", "hex dump")
	tuitest.Golden(t, "object-detail", d.Screen())

	d.Key("esc")
	d.WaitForText(wait, "img-0002.jpg", "/0002")
	d.Key("esc") // clears the filter; the cursor stays on its row
	d.WaitForText(wait, "30 objects, 1 prefix", "▸ img-0002.jpg", "img-0026.jpg")
	d.Key("esc")
	d.WaitForText(wait, "› 2024/")
	if strings.Contains(d.Screen(), "› 01/") {
		t.Fatal("esc should have closed the 01/ page")
	}
}

func TestListingStreamsPageByPage(t *testing.T) {
	d, srv := newApp(t)
	select {
	case <-srv.Seeded():
	case <-time.After(60 * time.Second):
		t.Fatal("the big bucket was not seeded in a minute")
	}
	d.WaitForText(wait, "demo-big")
	d.Send(tuiCommand(t, d, "s3 demo-big"))
	d.WaitForText(wait, "flat/")
	d.Key("j")
	d.Key("enter")
	d.WaitForText(wait, "demo-big › flat/")
	var counts []string
	d.WaitFor("the whole flat/ prefix", 60*time.Second, func(s string) bool {
		line := strings.Split(s, "\n")[1]
		if n := strings.Fields(line); len(n) >= 2 {
			c := n[len(n)-2]
			if strings.Contains(line, "loading") {
				c = n[len(n)-4]
			}
			if len(counts) == 0 || counts[len(counts)-1] != c {
				counts = append(counts, c)
			}
		}
		return strings.Contains(s, "objects") && !strings.Contains(s, "loading")
	})
	if len(counts) < 3 {
		t.Errorf("rows should arrive page by page, saw counts %v", counts)
	}
	d.Key("G")
	d.WaitForText(wait, "item-")
}

// tuiCommand types a `:` command line.
func tuiCommand(t *testing.T, d *tuitest.Driver, line string) tea.Msg {
	d.Key(":")
	d.Type(line)
	return tuitest.KeyPress("enter")
}

func TestDeepLinkKeepsBreadcrumbs(t *testing.T) {
	d, _ := newApp(t)
	d.WaitForText(wait, "demo-photos")
	d.Send(tuiCommand(t, d, "s3 s3://demo-photos/2024/01"))
	d.WaitForText(wait, "s3 › demo-photos › 2024/ › 01/", "img-0001.jpg")
	d.Key("esc")
	d.WaitForText(wait, "s3 › demo-photos › 2024/", "01/", "02/")
	d.Key("esc")
	d.WaitForText(wait, "s3 › demo-photos", "README.txt")
	d.Key("esc")
	d.WaitForText(wait, "4 buckets", "demo-logs")
}

// TestDeepLinkToAnObject: `:s3 s3://bucket/key` of an object opened "key/" as a prefix, with
// "nothing under this prefix"; it opens the object, its prefix behind it for esc. A path without
// an object of that name is still a prefix.
func TestDeepLinkToAnObject(t *testing.T) {
	d, _ := newApp(t)
	d.WaitForText(wait, "demo-photos")
	d.Send(tuiCommand(t, d, "s3 s3://demo-photos/README.txt"))
	d.WaitForText(wait, "s3 › demo-photos › README.txt", "Content type")
	if s := d.Screen(); strings.Contains(s, "README.txt/") {
		t.Fatalf("the object opened as a prefix:\n%s", s)
	}
	d.Key("esc")
	d.WaitForText(wait, "s3 › demo-photos", "2024/", "raw/", "▸ README.txt")
	d.Send(tuiCommand(t, d, "s3 s3://demo-photos/2024"))
	d.WaitForText(wait, "s3 › demo-photos › 2024/", "01/")
}

// TestCountsSayObjectsAndPrefixes: a listing of prefixes only said "N objects" (issue 8, defect 13).
func TestCountsSayObjectsAndPrefixes(t *testing.T) {
	d, _ := newApp(t)
	d.WaitForText(wait, "demo-photos")
	d.Key("G")
	d.Key("enter")
	d.WaitFor("the root listed", wait, func(s string) bool {
		return strings.Contains(s, "README.txt") && !strings.Contains(s, "loading")
	})
	if !strings.Contains(d.Screen(), "1 object, 2 prefixes") {
		t.Errorf("root of demo-photos should count 1 object, 2 prefixes:\n%s", d.Screen())
	}
	d.Key("enter") // 2024/: prefixes only
	d.WaitFor("2024/ listed", wait, func(s string) bool {
		return strings.Contains(s, "01/") && !strings.Contains(s, "loading")
	})
	if s := d.Screen(); !strings.Contains(s, " prefix") || strings.Contains(s, "object") {
		t.Errorf("2024/ holds prefixes only:\n%s", s)
	}
}
