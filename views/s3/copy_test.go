package s3_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/tui/tuitest"
)

// C on an object asks for the destination (prefilled with its own URI), says what goes where and
// copies it on the server into another bucket.
func TestCopyObjectToAnotherBucket(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("j") // a.txt
	d.Key("C")
	d.WaitForText(wait, "Copy a.txt to", "> s3://photos/a.txt")
	tuitest.Golden(t, "copy-prompt", withoutToast(d.Screen()))
	d.Key("ctrl+u")
	d.Type("s3://spare/copies/a.txt")
	d.Key("enter")
	d.WaitForText(wait, "Copy a.txt?", "s3://photos/a.txt → s3://spare/copies/a.txt", "copied on the server")
	clock.Advance(time.Second)
	d.Key("y")
	d.WaitForText(wait, "copied 1 object (5 B) to s3://spare/copies/a.txt")
	for _, at := range [][2]string{{"spare", "copies/a.txt"}, {"photos", "a.txt"}} {
		if _, err := backend.HeadObject(at[0], at[1]); err != nil {
			t.Errorf("%s/%s: %v", at[0], at[1], err)
		}
	}
}

// M with a new name in the same prefix renames: the object is copied, then the old key deleted.
func TestRenameObject(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("G") // b.txt
	d.Key("M")
	d.WaitForText(wait, "Move b.txt to", "> s3://photos/b.txt")
	for range len("b.txt") {
		d.Key("backspace")
	}
	d.Type("renamed.txt")
	d.Key("enter")
	d.WaitForText(wait, "Move b.txt?", "s3://photos/b.txt → s3://photos/renamed.txt", "then the 1 object copied are deleted")
	clock.Advance(time.Second)
	d.Key("enter")
	d.WaitForText(wait, "moved 1 object (5 B) to s3://photos/renamed.txt")
	d.WaitFor("renamed in the list", wait, func(s string) bool {
		return strings.Contains(s, "renamed.txt") && !strings.Contains(s, "b.txt") && !strings.Contains(s, "loading")
	})
	if _, err := backend.HeadObject("photos", "b.txt"); err == nil {
		t.Error("b.txt still exists")
	}
}

// A prefix moved under s3://spare/ keeps its name and its subtree.
func TestMovePrefixToAnotherBucket(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("M") // dir/
	d.WaitForText(wait, "Move dir/ to", "> s3://photos/")
	d.Key("ctrl+u")
	d.Type("s3://spare/archive")
	d.Key("enter")
	d.WaitForText(wait, "end the destination with /")
	d.Type("/")
	d.Key("enter")
	d.WaitForText(wait, "Move dir/c.txt?", "s3://photos/dir/c.txt → s3://spare/archive/dir/c.txt")
	clock.Advance(time.Second)
	d.Key("y")
	d.WaitForText(wait, "moved 1 object (5 B) to s3://spare/archive/")
	if _, err := backend.HeadObject("spare", "archive/dir/c.txt"); err != nil {
		t.Error(err)
	}
	if _, err := backend.HeadObject("photos", "dir/c.txt"); err == nil {
		t.Error("dir/c.txt still exists")
	}
}

func TestCopyIsDisabledReadOnly(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	openPhotos(t, d)
	d.Key("C")
	d.WaitForText(wait, "read-only: copy is disabled")
	d.Key("M")
	d.WaitForText(wait, "read-only: move is disabled")
}

// Two selected rows, a prefix and an object, copied under another prefix of the same bucket:
// one destination, one confirmation naming both, the sources kept.
func TestCopySelectionWithinTheBucket(t *testing.T) {
	d, clock, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("space") // dir/
	d.Key("space") // a.txt
	d.WaitForText(wait, "2 selected")
	d.Key("C")
	d.WaitForText(wait, "> s3://photos/")
	d.Key("ctrl+u")
	d.Type("s3://photos/backup/")
	d.Key("enter")
	d.WaitForText(wait, "s3://photos/a.txt → s3://photos/backup/a.txt", "s3://photos/dir/c.txt → s3://photos/backup/dir/c.txt")
	clock.Advance(time.Second)
	d.Key("y")
	d.WaitForText(wait, "copied 2 objects (10 B) to s3://photos/backup/")
	for _, k := range []string{"backup/a.txt", "backup/dir/c.txt", "a.txt", "dir/c.txt"} {
		if _, err := backend.HeadObject("photos", k); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
}
