package s3_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/clients"
	"github.com/nimbus-tui/nimbus/views/resources"
	"github.com/nimbus-tui/nimbus/views/s3"
	"github.com/nimbus-tui/nimbus/views/waitboard"
	"github.com/nimbus-tui/nimbus/views/xferboard"
)

// The row keys d y a D W o did nothing in the S3 browser (issue 8, defect 9); the browser now runs
// them through the resources' RowActions on the s3 bucket and object definitions. Each test below
// presses one key on a gofakes3 server in process and fails on the browser as it was.

// rowApp is the S3 browser wired to resources.Pages, as ui.go wires it, on a gofakes3 holding
// bucket "photos" (a.txt, b.txt, dir/c.txt) and the empty bucket "spare". The clock moves the
// confirmations past their grace period.
func rowApp(t *testing.T) (*tuitest.Driver, *tuitest.Clock, *s3mem.Backend) {
	t.Helper()
	return rowAppWith(t, rowOptions{})
}

// rowOptions vary rowApp: a handler in front of gofakes3, more objects, a read-only session.
type rowOptions struct {
	wrap func(http.Handler) http.Handler
	// serve is wrap with the backend at hand (a server that changes state as it is asked).
	serve    func(*s3mem.Backend, http.Handler) http.Handler
	seed     func(*s3mem.Backend)
	readOnly bool
	// endpoint, when set, is the S3 the app uses instead of gofakes3 (moto).
	endpoint string
	// edit stands for $EDITOR: it gets the file's name and text and returns what is saved.
	edit func(name, text string) string
	// transfers wires the transfer board, as ui.go does.
	transfers bool
	// late attaches the resource pages after the first frame, off the UI goroutine, as ui.go's
	// late commands do: the buckets page is built before them.
	late bool
	// keys is the user's key map (nil: the defaults).
	keys *keymap.KeyMap
}

func rowAppWith(t *testing.T, o rowOptions) (*tuitest.Driver, *tuitest.Clock, *s3mem.Backend) {
	t.Helper()
	at := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	backend := s3mem.New(s3mem.WithTimeSource(gofakes3.FixedTimeSource(at)))
	for _, b := range []string{"photos", "spare"} {
		if err := backend.CreateBucket(b); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"a.txt", "b.txt", "dir/c.txt"} {
		if _, err := backend.PutObject("photos", k, map[string]string{}, bytes.NewReader([]byte("hello")), 5, nil); err != nil {
			t.Fatal(err)
		}
	}
	if o.seed != nil {
		o.seed(backend)
	}
	var h http.Handler = demo.Handler(backend)
	if o.wrap != nil {
		h = o.wrap(h)
	}
	if o.serve != nil {
		h = o.serve(backend, h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	clock := tuitest.NewClock(time.Now())
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true), Clock: clock}
	if o.keys != nil {
		env.Keys = *o.keys
	}
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	browser := s3.NewBrowser(env)
	if o.edit != nil {
		browser.SetEditor(func(name, _, text string, done func([]byte, error) tea.Msg) tea.Cmd {
			return func() tea.Msg { return done([]byte(o.edit(name, text)), nil) }
		})
	}
	board := waitboard.New(ctx)
	attach := func() {
		pages := resources.NewPages(env, clients.NewCatalog(env, model.Default()), reg, board, browser, 0)
		pages.SetWaitDelay(50 * time.Millisecond)
	}
	if !o.late {
		attach()
	}
	cmds := tui.NewCommands()
	cmds.Add(tui.Command{Name: "s3", Run: func(s tui.Session, args []string) tea.Cmd { return browser.Open(s, args[0]) }})
	components := []tui.Component{board}
	if o.transfers {
		xfers := xferboard.New(env)
		browser.SetTransfers(xfers)
		xferboard.Register(cmds, env, xfers)
		components = append(components, xfers)
	}
	url := srv.URL
	if o.endpoint != "" {
		url = o.endpoint
	}
	load := func(_ context.Context, _, region string) (aws.Config, error) {
		cfg := demo.Config(url)
		cfg.Region = region
		return cfg, nil
	}
	app := tui.New(tui.Options{
		Context: ctx, Keys: env.Keys, Styles: env.Styles, Commands: cmds, Components: components,
		Session: tui.Session{Profile: "demo", Region: "us-east-1", Demo: true, Load: load, ReadOnly: o.readOnly},
		Start:   browser.Buckets,
	})
	d := tuitest.New(t, app, 120, 30)
	d.WaitForText(wait, "photos", "spare", "2 buckets")
	if o.late {
		attached := make(chan struct{})
		go func() { attach(); close(attached) }()
		d.Await("the resource pages", wait, attached)
	}
	return d, clock, backend
}

// openPhotos goes from the buckets to the objects of photos.
func openPhotos(t *testing.T, d *tuitest.Driver) {
	t.Helper()
	d.Key("enter") // photos is the first bucket
	d.WaitFor("photos listed", wait, func(s string) bool {
		return strings.Contains(s, "s3 › photos") && strings.Contains(s, "b.txt") && !strings.Contains(s, "loading")
	})
}

func TestBucketDescribe(t *testing.T) {
	d, _, _ := rowApp(t)
	d.Key("d")
	d.WaitForText(wait, "› photos", "Name", "CreationDate")
}

func TestBucketCopyCopiesTheARN(t *testing.T) {
	d, _, _ := rowApp(t)
	d.Key("y")
	d.WaitForText(wait, "copied arn:aws:s3:::photos")
}

func TestBucketSubResourcesOpenTheObjects(t *testing.T) {
	d, _, _ := rowApp(t)
	d.Key("o")
	d.WaitForText(wait, "│ sub-resources ", "objects")
	d.Key("enter")
	d.WaitForText(wait, "a.txt", "dir/", "b.txt")
}

func TestBucketActionsMenuDeletesWithTypedConfirmation(t *testing.T) {
	d, clock, backend := rowApp(t)
	d.Key("j") // spare
	d.Key("a")
	d.WaitForText(wait, "│ actions ", "delete", "DeleteBucket", "waits for BucketNotExists")
	d.Key("enter")
	d.WaitForText(wait, "Delete spare")
	clock.Advance(time.Second)
	d.Type("spare")
	d.Key("enter")
	d.WaitForText(wait, "BucketNotExists spare: ✓")
	d.WaitFor("the bucket gone from the list", wait, func(s string) bool {
		return strings.Contains(s, "1 bucket") && !strings.Contains(s, "spare ")
	})
	if ok, _ := backend.BucketExists("spare"); ok {
		t.Fatal("spare still exists")
	}
}

func TestBucketWaiter(t *testing.T) {
	d, _, _ := rowApp(t)
	d.Key("W")
	d.WaitForText(wait, "│ wait for ", "BucketExists", "BucketNotExists")
	d.Key("enter")
	d.WaitForText(wait, "BucketExists photos: ✓")
}

func TestObjectDescribeAndPrefix(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("d") // dir/ comes first: a prefix is no object
	d.WaitForText(wait, "dir/ is a prefix, not an object: enter opens it")
	d.Key("j")
	d.Key("d")
	d.WaitForText(wait, "› a.txt", "ContentLength", "ETag")
}

func TestObjectCopyCopiesTheURI(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("y")
	d.WaitForText(wait, "copied s3://photos/a.txt")
}

func TestObjectDeleteKey(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("G") // b.txt
	d.Key("D")
	d.WaitForText(wait, "Delete b.txt", "1 object, 5 B in all")
	clock.Advance(time.Second)
	d.Type("b.txt")
	d.Key("enter")
	d.WaitForText(wait, "deleted 1 object from s3://photos")
	d.WaitFor("b.txt gone from the list", wait, func(s string) bool {
		return strings.Contains(s, "1 object") && !strings.Contains(s, "b.txt ")
	})
	if _, err := backend.HeadObject("photos", "b.txt"); err == nil {
		t.Fatal("b.txt still exists")
	}
}

func TestObjectMultiSelectDeletesEveryRowWithOneConfirmation(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("space")
	d.Key("space")
	d.WaitForText(wait, "2 selected")
	d.Key("D")
	d.WaitForText(wait, "Delete 2 objects", "a.txt", "b.txt")
	clock.Advance(time.Second)
	d.Type("delete 2")
	d.Key("enter")
	d.WaitFor("only the prefix left", wait, func(s string) bool {
		return strings.Contains(s, "1 prefix") && !strings.Contains(s, "a.txt") && !strings.Contains(s, "loading")
	})
	for _, k := range []string{"a.txt", "b.txt"} {
		if _, err := backend.HeadObject("photos", k); err == nil {
			t.Fatalf("%s still exists", k)
		}
	}
}

func TestObjectWaiterAndActionsMenu(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("W") // the browser's W: the key is asked, prefilled with the cursor's object
	d.WaitForText(wait, "Wait for an object in s3://photos", "> a.txt")
	d.Key("enter")
	d.WaitForText(wait, "│ wait for a.txt", "ObjectExists", "ObjectNotExists")
	d.Key("enter")
	d.WaitForText(wait, "ObjectExists s3://photos/a.txt: ✓")
	d.WaitFor("the refresh after the waiter", wait, func(s string) bool {
		return strings.Contains(s, "b.txt") && !strings.Contains(s, "loading")
	})
	d.Key("a")
	d.WaitForText(wait, "│ actions ", "DeleteObject")
}

func TestObjectSubResourcesSayThereAreNone(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("o")
	d.WaitForText(wait, "objects have no sub-resources")
}

// TestObjectPageRowKeys: the object's own page (metadata and preview) answers the row keys too.
func TestObjectPageRowKeys(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("enter") // a.txt
	d.WaitForText(wait, "s3 › photos › a.txt", "Storage class", "hello")
	d.Key("y")
	d.WaitForText(wait, "copied s3://photos/a.txt")
	d.Key("d")
	d.WaitForText(wait, "› a.txt › a.txt", "ContentLength")
	d.Key("esc")
	d.WaitForText(wait, "Storage class", "preview: whole object")
	d.Key("D")
	d.WaitForText(wait, "Delete a.txt")
	clock.Advance(time.Second)
	d.Type("a.txt")
	d.Key("enter")
	d.WaitForText(wait, "ObjectNotExists a.txt: ✓")
	if _, err := backend.HeadObject("photos", "a.txt"); err == nil {
		t.Fatal("a.txt still exists")
	}
}

// The listing's help offered D twice, the browser's delete of objects and prefixes and the object definition's
// "delete", which D never reached; the object's own page deleted on the definition's D whatever
// objects.delete said. Now objects.delete is the delete key of both pages.
func TestObjectsDeleteKeyIsOneBinding(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"objects.delete": {"K"}}); err != nil {
		t.Fatal(err)
	}
	d, _, _ := rowAppWith(t, rowOptions{keys: &km})
	openPhotos(t, d)
	d.Key("?")
	d.Key("/")
	d.Type("delete")
	d.Key("enter")
	d.WaitForText(wait, "K  ", "· /delete")
	if n := len(regexp.MustCompile(`(?m)^\s+\S+\s+delete\b`).FindAllString(d.Screen(), -1)); n != 1 {
		t.Errorf("the help lists %d deletes:\n%s", n, d.Screen())
	}
	d.Key("esc")
	d.Key("esc")
	d.Key("j")
	d.Key("enter") // a.txt
	d.WaitForText(wait, "s3 › photos › a.txt", "preview: whole object")
	d.Key("D")
	d.Key("?")
	d.WaitForText(wait, "a.txt keys")
	if s := d.Screen(); strings.Contains(s, "Delete a.txt") || !regexp.MustCompile(`K\s+delete`).MatchString(s) {
		t.Fatalf("D should do nothing and the help offer K to delete:\n%s", s)
	}
	d.Key("esc")
	d.Key("K")
	d.WaitForText(wait, "Delete a.txt")
}

// The objects' help offered o sub-resources, which objects have none of (o says so), and left
// out the shift+letter sort the table does.
func TestObjectsHelpListsWhatTheKeysDo(t *testing.T) {
	km := keymap.Default()
	if err := km.Apply(map[string][]string{"actions.describe": {"K"}, "buckets.edit": {"ctrl+o"}}); err != nil {
		t.Fatal(err)
	}
	d, _, _ := rowAppWith(t, rowOptions{keys: &km})
	// The properties page says which key edits a section: it said e whatever buckets.edit was.
	d.Key("i")
	d.WaitForText(wait, "photos properties", "ctrl+o on the bucket edits a section")
	d.Key("esc")
	openPhotos(t, d)
	d.Key("?")
	d.Key("/")
	d.Type("sub-resources")
	d.Key("enter")
	d.WaitForText(wait, "nothing matches /sub-resources")
	d.Key("esc")
	d.Key("/")
	d.Type("letter")
	d.Key("enter")
	d.WaitForText(wait, "A–Z", "sort by the column of that letter")
	d.Key("esc")
	d.Key("esc")
	d.Key("o")
	d.WaitForText(wait, "objects have no sub-resources: K describes one")
}

// The object's own page offered / filter, which it has none of ("this page has no filter"), in
// its footer and help, and its footer spent the line on scrolling before its own keys.
func TestObjectPageOffersItsOwnKeys(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("enter") // a.txt
	d.WaitForText(wait, "s3 › photos › a.txt", "preview: whole object")
	lines := strings.Split(d.Screen(), "\n")
	if footer := lines[len(lines)-1]; !strings.HasPrefix(footer, "d describe · y copy · D delete · a actions") || strings.Contains(footer, "/ filter") {
		t.Errorf("footer %q", footer)
	}
	d.Key("?")
	d.Key("/")
	d.Type("filter")
	d.Key("enter")
	d.WaitForText(wait, "nothing matches /filter")
	d.Key("esc")
	d.Key("esc")
	d.Key("/")
	d.WaitForText(wait, "this page has no filter")
}

// TestObjectPageDeleteGoesBackToTheListing: D on the object's own page deleted it, and the
// waiter's follow-up reloaded the page, which then said NoSuchKey; it goes back to the listing,
// which no longer has the row.
func TestObjectPageDeleteGoesBackToTheListing(t *testing.T) {
	d, clock, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("j")
	d.Key("enter") // a.txt
	d.WaitForText(wait, "s3 › photos › a.txt", "preview: whole object")
	d.Key("D")
	d.WaitForText(wait, "Delete a.txt")
	clock.Advance(time.Second)
	d.Type("a.txt")
	d.Key("enter")
	d.WaitForText(wait, "ObjectNotExists a.txt: ✓")
	d.WaitFor("the listing without a.txt", wait, func(s string) bool {
		return !strings.Contains(s, "› a.txt") && strings.Contains(s, "b.txt") &&
			!strings.Contains(s, "a.txt ") && !strings.Contains(s, "loading")
	})
	if s := d.Screen(); strings.Contains(s, "NoSuchKey") || strings.Contains(s, "NotFound") {
		t.Fatalf("the deleted object's page was reloaded:\n%s", s)
	}
}

// The buckets page is the first page, drawn before the resource definitions are in (they load
// after the first frame): its row keys stayed dead for the whole run (d, y, a did nothing on the
// buckets of `nimbus --demo`). They work once the definitions are in.
func TestRowKeysWorkOnAPageBuiltBeforeTheDefinitions(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{late: true})
	d.Key("y")
	d.WaitForText(wait, "copied arn:aws:s3:::photos")
	d.Key("d")
	d.WaitForText(wait, "› photos", "Name", "CreationDate")
}

// With a row selected the footer said "esc back" on the buckets page, where esc clears the
// selection and stays; it says what esc does.
func TestEscSaysItClearsTheSelection(t *testing.T) {
	d, _, _ := rowApp(t)
	d.Key("space")
	footer := func() string { lines := strings.Split(d.Screen(), "\n"); return lines[len(lines)-1] }
	d.WaitFor("esc offered", wait, func(string) bool { return strings.Contains(footer(), "esc clear selection") })
	d.Key("esc")
	d.WaitFor("esc gone", wait, func(string) bool { return !strings.Contains(footer(), " esc ") })
	if strings.Contains(d.Screen(), "selected") {
		t.Errorf("the selection stays:\n%s", d.Screen())
	}
}
