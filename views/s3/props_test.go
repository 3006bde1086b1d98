package s3_test

import (
	"io"
	"strings"
	"testing"
)

// m opens the object's metadata and storage class in $EDITOR as JSON; what is saved is sent as a
// copy over the object, the body and tags kept.
func TestEditMetadataAndStorageClass(t *testing.T) {
	var seen string
	d, _, backend := rowAppWith(t, rowOptions{edit: func(name, text string) string {
		seen = name + "\n" + text
		text = strings.Replace(text, `"StorageClass": "STANDARD"`, `"StorageClass": "STANDARD_IA"`, 1)
		return strings.Replace(text, `"Metadata": {}`, `"Metadata": {"owner": "ann"}`, 1)
	}})
	openPhotos(t, d)
	d.Key("j") // a.txt
	d.Key("m")
	d.WaitForText(wait, "saved the metadata and storage class STANDARD_IA of s3://photos/a.txt")
	if !strings.HasPrefix(seen, "metadata-a.txt\n") || !strings.Contains(seen, `"ContentType"`) {
		t.Fatalf("the editor got %q", seen)
	}
	obj, err := backend.GetObject("photos", "a.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	body, _ := io.ReadAll(obj.Contents)
	if string(body) != "hello" || obj.Metadata["X-Amz-Meta-Owner"] != "ann" || obj.Metadata["X-Amz-Storage-Class"] != "STANDARD_IA" {
		t.Fatalf("after the edit: body %q, metadata %v", body, obj.Metadata)
	}
	d.WaitFor("the new class listed", wait, func(s string) bool { return strings.Contains(s, "STANDARD_IA") })
}

// A document saved as it was sends nothing; a broken one says why and sends nothing.
func TestEditMetadataUnchangedOrBroken(t *testing.T) {
	broken := false
	d, _, _ := rowAppWith(t, rowOptions{edit: func(_, text string) string {
		if broken {
			return `{"StorageClass": "COLD"}`
		}
		return text
	}})
	openPhotos(t, d)
	d.Key("j")
	d.Key("m")
	d.WaitForText(wait, "metadata unchanged: nothing was sent")
	broken = true
	d.Key("m")
	d.WaitForText(wait, `storage class "COLD" is none of STANDARD`)
}

// t edits the tags as a JSON object; the demo server keeps them beside the body.
func TestEditTags(t *testing.T) {
	d, _, backend := rowAppWith(t, rowOptions{edit: func(_, text string) string {
		if strings.TrimSpace(text) != "{}" {
			panic("the object had tags: " + text)
		}
		return `{"team": "blue", "env": "prod"}`
	}})
	openPhotos(t, d)
	d.Key("j")
	d.Key("t")
	d.WaitForText(wait, "saved the 2 tags of s3://photos/a.txt")
	d.WaitFor("the listing again", wait, func(s string) bool { return strings.Contains(s, "▸ a.txt") && !strings.Contains(s, "loading") })
	d.Key("enter")
	d.WaitForText(wait, "team", "blue", "env", "prod", "hello")
	obj, err := backend.GetObject("photos", "a.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	if body, _ := io.ReadAll(obj.Contents); string(body) != "hello" {
		t.Fatalf("body %q", body)
	}
}

func TestEditPropsReadOnly(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true, edit: func(_, text string) string { return text }})
	openPhotos(t, d)
	d.Key("j")
	d.Key("m")
	d.WaitForText(wait, "read-only: metadata editing is disabled")
	d.Key("t")
	d.WaitForText(wait, "read-only: tag editing is disabled")
}
