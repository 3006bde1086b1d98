package s3

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/s3nav"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/pagekit"
)

// TestObjectRowsKeepRealKeys: the table shows cleaned names, sizes and times drawn from int64
// keys; the row still gives back the exact key, control bytes and all, for the calls.
func TestObjectRowsKeepRealKeys(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := newObjectsPage(NewBrowser(env), tui.Session{}, "b", "dir/")
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	p.listed(pagekit.Listed[[]s3nav.Entry]{Batch: []s3nav.Entry{
		{Key: "dir/sub/", Name: "sub/", IsPrefix: true},
		{Key: "dir/evil\x1b[2Jname", Name: "evil\x1b[2Jname", Size: 2048, LastModified: at, StorageClass: "GLACIER"},
		{Key: "dir/plain.txt", Name: "plain.txt", Size: 1, LastModified: at, StorageClass: "GLACIER"},
	}})
	if got := p.Table.Row(0); got[1] != "–" || got[2] != "–" || got[3] != "–" {
		t.Errorf("prefix row %q", got)
	}
	if got := p.Table.Row(1); got[0] != `evil\x1b[2Jname` || got[1] != "2.0 KiB" || got[2] != "2024-01-02 03:04:05" || got[3] != "GLACIER" {
		t.Errorf("object row %q", got)
	}
	for i, want := range []entry{{Key: "dir/sub/", IsPrefix: true}, {Key: "dir/evil\x1b[2Jname"}, {Key: "dir/plain.txt"}} {
		if got := p.entry(i); got != want {
			t.Errorf("row %d: %+v, want %+v", i, got, want)
		}
	}
	if p.Table.Cell(1, colStorage) != p.Table.Cell(2, colStorage) || len(p.classes) != 1 {
		t.Errorf("storage classes not interned: %v", p.classes)
	}
}

// TestDrawnTimeSaysUnknown: a row without a time (a prefix) draws format.Unknown; the drawers
// themselves are checked against format.Bytes and format.Time in internal/format.
func TestDrawnTimeSaysUnknown(t *testing.T) {
	if got := string(appendTime(nil, noTime)); got != format.Time(time.Time{}) {
		t.Errorf("no time: %q", got)
	}
	at := time.Date(2024, 2, 29, 23, 59, 58, 0, time.UTC)
	if got := string(appendTime(nil, at.Unix())); got != format.Time(at) {
		t.Errorf("time: %q", got)
	}
}

// A versions listing whose second page fails says which page failed and that r goes on from
// there, as the objects list does; it used to record page 0 and call the rows of page 1 stale.
func TestVersionsFailingOnPage2SaysSo(t *testing.T) {
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	p := newVersionsPage(NewBrowser(env), tui.Session{}, "b", "")
	vs := make([]s3nav.Version, 1000)
	for i := range vs {
		vs[i] = s3nav.Version{Key: fmt.Sprintf("k%04d", i), VersionID: "v1", IsLatest: true, Size: 1}
	}
	p.Init() // the listing starts: the page is loading (its command is not run here)
	p.listed(versionsListedMsg{Batch: vs, More: true})
	p.listed(versionsListedMsg{Err: errors.New("InternalError: boom"), More: true})
	want := "incomplete: 1,000 versions, page 2 failed"
	if got := p.Status(); !strings.HasPrefix(got, want) {
		t.Fatalf("status %q, want it to start %q", got, want)
	}
}
