package s3_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// seedDir puts n more keys under photos/dir/.
func seedDir(n int) func(*s3mem.Backend) {
	return func(b *s3mem.Backend) {
		for i := range n {
			if _, err := b.PutObject("photos", fmt.Sprintf("dir/%04d", i), map[string]string{}, bytes.NewReader([]byte("x")), 1, nil); err != nil {
				panic(err)
			}
		}
	}
}

// countDeleteCalls counts the DeleteObjects requests.
func countDeleteCalls(n *atomic.Int32) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Query().Has("delete") {
				n.Add(1)
			}
			h.ServeHTTP(w, r)
		})
	}
}

// D on a prefix counts its objects first, says how many and how much, asks for the typed phrase
// with the count, then deletes them in DeleteObjects calls of 1,000.
func TestDeletePrefixCountsThenConfirms(t *testing.T) {
	var calls atomic.Int32
	d, clock, backend := rowAppWith(t, rowOptions{seed: seedDir(1500), wrap: countDeleteCalls(&calls)})
	openPhotos(t, d)
	d.Key("D") // dir/ is the first row
	d.WaitForText(wait, "Delete 1,501 objects?", "s3://photos/dir/", "1,501 objects, 1.5 KiB in all, counted under 1 prefix",
		"DeleteObjects in 2 calls of up to 1,000 keys", "Type the phrase delete 1501")
	tuitest.Golden(t, "delete-prefix-confirm", withoutToast(d.Screen()))
	clock.Advance(time.Second)
	d.Type("delete 1500")
	d.Key("enter")
	d.WaitForText(wait, "that is not the phrase")
	d.Key("backspace")
	d.Type("1")
	d.Key("enter")
	d.WaitForText(wait, "deleted 1,501 objects from s3://photos")
	d.WaitFor("dir/ gone from the list", wait, func(s string) bool {
		return strings.Contains(s, "2 objects") && !strings.Contains(s, "dir/") && !strings.Contains(s, "loading")
	})
	if n := calls.Load(); n != 2 {
		t.Errorf("%d DeleteObjects calls, want 2", n)
	}
	res, err := backend.ListBucket("photos", nil, gofakes3.ListBucketPage{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contents) != 2 {
		t.Errorf("%d objects left, want a.txt and b.txt", len(res.Contents))
	}
}

// A selection of a prefix and an object is one delete, one confirmation.
func TestDeleteSelectionOfPrefixAndObject(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("space") // dir/
	d.Key("space") // a.txt
	d.WaitForText(wait, "2 selected")
	d.Key("D")
	d.WaitForText(wait, "Delete 2 objects?", "s3://photos/dir/", "s3://photos/a.txt", "counted under 1 prefix")
	clock.Advance(time.Second)
	d.Type("delete 2")
	d.Key("enter")
	d.WaitForText(wait, "deleted 2 objects from s3://photos")
	d.WaitFor("only b.txt left", wait, func(s string) bool {
		return strings.Contains(s, "1 object") && !strings.Contains(s, "a.txt") && !strings.Contains(s, "loading")
	})
	for _, k := range []string{"a.txt", "dir/c.txt"} {
		if _, err := backend.HeadObject("photos", k); err == nil {
			t.Errorf("%s still exists", k)
		}
	}
	if _, err := backend.HeadObject("photos", "b.txt"); err != nil {
		t.Errorf("b.txt: %v", err)
	}
}

// refuseB answers DeleteObjects as S3 does for a key it may not delete: b.txt in <Error>.
func refuseB(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !r.URL.Query().Has("delete") {
			h.ServeHTTP(w, r)
			return
		}
		var req struct {
			Objects []struct{ Key string } `xml:"Object"`
		}
		if err := xml.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var b strings.Builder
		b.WriteString(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`)
		for _, o := range req.Objects {
			if o.Key == "b.txt" {
				b.WriteString("<Error><Key>b.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
			} else {
				fmt.Fprintf(&b, "<Deleted><Key>%s</Key></Deleted>", o.Key)
			}
		}
		b.WriteString("</DeleteResult>")
		_, _ = io.WriteString(w, b.String())
	})
}

// The keys S3 refuses in a DeleteObjects answer are listed with their code and message.
func TestDeleteShowsTheKeysRefused(t *testing.T) {
	d, clock, _ := rowAppWith(t, rowOptions{wrap: refuseB})
	openPhotos(t, d)
	d.Key("j")
	d.Key("space")
	d.Key("space")
	d.Key("D")
	d.WaitForText(wait, "Delete 2 objects?")
	clock.Advance(time.Second)
	d.Type("delete 2")
	d.Key("enter")
	d.WaitForText(wait, "1 not deleted", "b.txt", "AccessDenied", "Access Denied", "deleted 1 object; S3 refused 1")
}

func TestDeleteIsDisabledReadOnly(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	openPhotos(t, d)
	d.Key("D")
	d.WaitForText(wait, "read-only: delete is disabled")
}

// Under --readonly the footer offered "U upload · D delete", keys that only say they are
// disabled: they leave the footer and the help, and still say so when pressed.
func TestReadOnlyFooterOffersNoWrites(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	openPhotos(t, d)
	lines := strings.Split(d.Screen(), "\n")
	footer := lines[len(lines)-1]
	for _, w := range []string{"delete", "upload", "move", "copy to", "edit"} {
		if strings.Contains(footer, w) {
			t.Errorf("the read-only footer offers %q: %s", w, footer)
		}
	}
	d.Key("?")
	d.WaitForText(wait, "sort")
	if s := d.Screen(); strings.Contains(s, "delete (objects, prefixes)") || strings.Contains(s, "upload") {
		t.Errorf("the read-only help lists writes:\n%s", s)
	}
	d.Key("esc")
	d.WaitFor("the help closed", wait, func(s string) bool { return !strings.Contains(s, "keys") || strings.Contains(s, "▸ dir/") })
	d.Key("D")
	d.WaitForText(wait, "read-only: delete is disabled")
}

// The buckets page under --readonly: create, empty and edit leave the help too.
func TestReadOnlyBucketHelpOffersNoWrites(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	d.WaitForText(wait, "photos")
	d.Key("?")
	d.WaitForText(wait, "sort")
	if s := d.Screen(); strings.Contains(s, "create a bucket") || strings.Contains(s, "empty (delete") {
		t.Errorf("the read-only help lists writes:\n%s", s)
	}
}

// A key with a TAB showed it as a space: "tab\tname" and "tab name" looked the same. A tab is
// shown \t, as every other control character is escaped, and the row still acts on the real key.
func TestKeyWithATabShowsIt(t *testing.T) {
	d, clock, backend := rowAppWith(t, rowOptions{seed: func(b *s3mem.Backend) {
		for _, k := range []string{"tab\tname", "tab name"} {
			if _, err := b.PutObject("photos", k, map[string]string{}, bytes.NewReader([]byte("x")), 1, nil); err != nil {
				t.Fatal(err)
			}
		}
	}})
	openPhotos(t, d)
	d.WaitForText(wait, `tab\tname`, "tab name")
	d.Key("/")
	d.Type(`tab\t`)
	d.Key("enter")
	d.WaitFor("the tab key alone", wait, func(s string) bool { return strings.Contains(s, `▸ tab\tname`) })
	d.Key("D")
	d.WaitForText(wait, "Type the name")
	clock.Advance(time.Second)
	d.Type(`tab\tname`)
	d.Key("enter")
	d.WaitForText(wait, "deleted 1 object")
	if _, err := backend.HeadObject("photos", "tab\tname"); err == nil {
		t.Fatal("the key with a tab is still there")
	}
	if _, err := backend.HeadObject("photos", "tab name"); err != nil {
		t.Fatalf("the key with a space went: %v", err)
	}
}
