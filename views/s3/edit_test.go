package s3_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func bodyIn(t *testing.T, b *s3mem.Backend, key string) string {
	t.Helper()
	obj, err := b.GetObject("photos", key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	body, _ := io.ReadAll(obj.Contents)
	return string(body)
}

// e hands the object to $EDITOR and uploads what is saved when it changed.
func TestEditObjectInEditor(t *testing.T) {
	var got string
	d, _, backend := rowAppWith(t, rowOptions{edit: func(name, text string) string {
		got = name + ":" + text
		return text + ", world"
	}})
	openPhotos(t, d)
	d.Key("j") // a.txt
	d.Key("e")
	d.WaitForText(wait, "saved s3://photos/a.txt (12 B)")
	if got != "a:hello" {
		t.Errorf("the editor got %q", got)
	}
	if b := bodyIn(t, backend, "a.txt"); b != "hello, world" {
		t.Fatalf("a.txt holds %q", b)
	}
}

func TestEditObjectUnchangedUploadsNothing(t *testing.T) {
	var puts int
	d, _, _ := rowAppWith(t, rowOptions{edit: func(_, text string) string { return text },
		serve: func(_ *s3mem.Backend, h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPut {
					puts++
				}
				h.ServeHTTP(w, r)
			})
		}})
	openPhotos(t, d)
	d.Key("j")
	d.Key("e")
	d.WaitForText(wait, "a.txt unchanged: nothing was uploaded")
	if puts != 0 {
		t.Fatalf("%d PUTs", puts)
	}
}

// When the object changes while it is edited, nothing is overwritten until the user says how:
// here, by saving the edit beside it; then, on a second try, by overwriting.
func TestEditObjectChangedMeanwhileAsks(t *testing.T) {
	var backend *s3mem.Backend
	round := 0
	d, _, b := rowAppWith(t, rowOptions{edit: func(_, text string) string {
		// someone else writes the object while the editor is open (different bytes each time: an
		// identical rewrite keeps the ETag, and S3 could not tell either)
		round++
		theirs := []byte(strings.Repeat("theirs", round))
		if _, err := backend.PutObject("photos", "a.txt", map[string]string{}, bytes.NewReader(theirs), int64(len(theirs)), nil); err != nil {
			panic(err)
		}
		return "mine"
	}})
	backend = b
	openPhotos(t, d)
	d.Key("j")
	d.Key("e")
	d.WaitForText(wait, "a.txt changed since it was read", "overwrite it with my edit anyway", "save my edit as a.txt.edited", "drop my edit")
	d.Key("enter") // save beside, the choice the picker starts on
	d.WaitForText(wait, "saved s3://photos/a.txt.edited (4 B)")
	if got := bodyIn(t, backend, "a.txt"); got != "theirs" {
		t.Fatalf("a.txt holds %q: their change was overwritten", got)
	}
	if got := bodyIn(t, backend, "a.txt.edited"); got != "mine" {
		t.Fatalf("a.txt.edited holds %q", got)
	}
	d.WaitFor("listing done", wait, func(s string) bool { return strings.Contains(s, "a.txt.edited") && !strings.Contains(s, "loading") })
	d.Key("g")
	d.Key("j") // a.txt
	d.Key("e")
	d.WaitForText(wait, "overwrite it with my edit anyway")
	d.Key("k") // overwrite
	d.Key("enter")
	d.WaitForText(wait, "saved s3://photos/a.txt (4 B)")
	if got := bodyIn(t, backend, "a.txt"); got != "mine" {
		t.Fatalf("a.txt holds %q", got)
	}
}
