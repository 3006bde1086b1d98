package docpage

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

var doc = map[string]any{
	"Bucket":  "photos",
	"Objects": []any{map[string]any{"Key": "a.jpg", "Size": 12}},
}

func newPage(t *testing.T, snip Snippet) *Page {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := New(env, "ListObjectsV2 result", "200 OK · 12 ms", doc, snip)
	p.SetSize(60, 12)
	return p
}

// run applies cmd's messages as the app does: results of the page's tasks go back to it,
// everything else (what the program and the app act on) is returned.
func run(p *Page, cmd tea.Cmd) []tea.Msg {
	var out []tea.Msg
	for _, m := range tuitest.Messages(cmd) {
		if _, ok := m.(tui.Result); ok {
			out = append(out, run(p, p.Update(m))...)
			continue
		}
		out = append(out, m)
	}
	return out
}

// clipboard is the text of Bubble Tea's set-clipboard message (OSC 52) among msgs.
func clipboard(msgs []tea.Msg) (string, bool) {
	want := reflect.TypeOf(tea.SetClipboard("")())
	for _, m := range msgs {
		if reflect.TypeOf(m) == want {
			return reflect.ValueOf(m).String(), true
		}
	}
	return "", false
}

func toast(msgs []tea.Msg) string {
	for _, m := range msgs {
		if t, ok := m.(tui.ToastMsg); ok {
			return t.Text.String()
		}
	}
	return ""
}

// y and Y on a document page used to copy nothing and say nothing: the tree's copy command
// was wrapped whole for the page, so Bubble Tea never saw the clipboard message.
func TestYCopiesTheValueUnderTheCursorAndSaysSo(t *testing.T) {
	p := newPage(t, Snippet{})
	// The cursor starts on the first line, Bucket: "photos".
	msgs := run(p, p.Update(tuitest.KeyPress("y")))
	text, ok := clipboard(msgs)
	if !ok || text != "photos" {
		t.Fatalf("y should put the value on the clipboard, got %q (%v) from %#v", text, ok, msgs)
	}
	if got := toast(msgs); !strings.HasPrefix(got, "copied 6 B") {
		t.Errorf("toast %q", got)
	}
}

func TestShiftYCopiesTheWholeDocumentAsJSON(t *testing.T) {
	p := newPage(t, Snippet{})
	msgs := run(p, p.Update(tuitest.KeyPress("Y")))
	text, ok := clipboard(msgs)
	if !ok {
		t.Fatalf("Y copied nothing: %#v", msgs)
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(text), &back); err != nil || back["Bucket"] != "photos" {
		t.Fatalf("Y should copy the document as JSON, got %q (%v)", text, err)
	}
	if got := toast(msgs); !strings.Contains(got, "document") {
		t.Errorf("toast %q", got)
	}
}

func TestSnippetToggles(t *testing.T) {
	p := newPage(t, Snippet{AWSCLI: "aws s3api list-objects-v2 --bucket photos", Boto3: "s3.list_objects_v2(Bucket='photos')"})
	if strings.Contains(p.View(), "aws s3api") {
		t.Fatal("the snippet should start closed")
	}
	p.Update(tuitest.KeyPress("c"))
	v := ansi.Strip(p.View())
	if !strings.Contains(v, "aws s3api list-objects-v2 --bucket photos") || !strings.Contains(v, "s3.list_objects_v2") {
		t.Fatalf("c should show the aws and boto3 code:\n%s", v)
	}
	if lines := strings.Count(v, "\n") + 1; lines > 12 {
		t.Errorf("the page is %d lines, taller than its 12", lines)
	}
	p.Update(tuitest.KeyPress("c"))
	if strings.Contains(p.View(), "aws s3api") {
		t.Fatal("c again should close it")
	}
}

func TestNoSnippetNoKey(t *testing.T) {
	p := newPage(t, Snippet{})
	for _, b := range p.Keys().ShortHelp() {
		if b.Help().Key == "c" {
			t.Fatal("c is offered without a snippet")
		}
	}
	p.Update(tuitest.KeyPress("c"))
	if strings.Contains(p.View(), "aws cli") {
		t.Fatal("c opened an empty snippet")
	}
}

func TestTitleAndStatusAreEscaped(t *testing.T) {
	ctx := context.Background()
	env := tui.Env{Ctx: ctx, Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := New(env, "get \x1b[31mkey", "200 OK", doc, Snippet{})
	if strings.Contains(p.Title(), "\x1b") {
		t.Fatalf("a raw ESC in the title: %q", p.Title())
	}
	if p.Status() != "200 OK" || p.Busy() {
		t.Errorf("status %q busy %v", p.Status(), p.Busy())
	}
}

func TestFilterKeepsMatchingPaths(t *testing.T) {
	p := newPage(t, Snippet{})
	p.SetFilter("a.jpg")
	if p.FilterQuery() != "a.jpg" {
		t.Fatalf("filter %q", p.FilterQuery())
	}
	if v := ansi.Strip(p.View()); !strings.Contains(v, "a.jpg") || strings.Contains(v, "photos") {
		t.Errorf("the filter should keep the matching path only:\n%s", v)
	}
}

func TestGolden(t *testing.T) {
	p := newPage(t, Snippet{AWSCLI: "aws s3api list-objects-v2 --bucket photos"})
	p.Update(tuitest.KeyPress("c"))
	tuitest.Golden(t, "document", ansi.Strip(p.View()))
}

// The aws line of the code panel was cut at the terminal width and could not be copied (issue 8
// #7): it now wraps, y copies the aws command and Y the boto3 code while the panel is open.
func TestSnippetWrapsAndCopies(t *testing.T) {
	aws := "aws s3api list-objects-v2 --bucket photos --prefix 2026/12/04/holiday/ --max-items 100 --profile prod --region eu-west-1"
	boto := "import boto3\ns3 = boto3.client('s3')\ns3.list_objects_v2(Bucket='photos')"
	p := newPage(t, Snippet{AWSCLI: aws, Boto3: boto})
	p.SetSize(60, 20)
	p.Update(tuitest.KeyPress("c"))
	v := ansi.Strip(p.View())
	var joined strings.Builder
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("row wider than the page: %q", l)
		}
		joined.WriteString(l)
	}
	if !strings.Contains(joined.String(), aws) {
		t.Errorf("the aws command is not shown whole:\n%s", v)
	}

	msgs := run(p, p.Update(tuitest.KeyPress("y")))
	if text, ok := clipboard(msgs); !ok || text != aws {
		t.Errorf("y with the code shown copied %q (%v), want the aws command", text, ok)
	}
	if got := toast(msgs); !strings.HasPrefix(got, "copied aws command") {
		t.Errorf("toast %q", got)
	}
	msgs = run(p, p.Update(tuitest.KeyPress("Y")))
	if text, ok := clipboard(msgs); !ok || text != boto {
		t.Errorf("Y with the code shown copied %q (%v), want the boto3 code", text, ok)
	}

	// Closed again, y copies the value under the cursor as before.
	p.Update(tuitest.KeyPress("c"))
	if text, _ := clipboard(run(p, p.Update(tuitest.KeyPress("y")))); text != "photos" {
		t.Errorf("y with the code hidden copied %q, want the value", text)
	}
}

// A click on a line of a described resource did not move the cursor (the wheel did): the page
// takes clicks, below the panel drawn above the document.
func TestClickPutsTheCursorOnTheLine(t *testing.T) {
	p := newPage(t, Snippet{})
	p.SetPanel(func(context.Context) ([]string, error) { return []string{"cpu ▁▂▃"}, nil })
	app := tui.New(tui.Options{Session: tui.Session{Profile: "dev", Region: "eu-west-1"}, Keys: keymap.Default(),
		Styles: tui.NewStyles(true), Commands: tui.NewCommands(), Start: func(tui.Session) tui.Page { return p }})
	d := tuitest.New(t, app, 60, 14)
	d.WaitForText(5*time.Second, "cpu ▁▂▃", "Objects")
	// Screen: header, crumbs, the panel, then Bucket, Objects, - Key ...
	d.Send(tea.MouseClickMsg{X: 4, Y: 2 + 1 + 1, Button: tea.MouseLeft})
	if got := p.tree.CursorPath(); got != "Objects" {
		t.Fatalf("the click on the Objects line left the cursor at %q:\n%s", got, d.Screen())
	}
	d.Send(tea.MouseClickMsg{X: 4, Y: 2, Button: tea.MouseLeft}) // the panel
	if got := p.tree.CursorPath(); got != "Objects" {
		t.Fatalf("a click on the panel moved the cursor to %q", got)
	}
}
