package s3_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// p on an object offers GET and PUT URLs of several lifetimes; the one picked is signed, copied to
// the clipboard and shown, and it works: the GET URL returns the object, the PUT URL stores one.
func TestPresignGetAndPutFromTheBrowser(t *testing.T) {
	d, _, backend := rowApp(t)
	openPhotos(t, d)
	d.Key("j") // a.txt
	d.Key("p")
	d.WaitForText(wait, "presign a.txt", "GET", "PUT", "15 minutes", "7 days", "download the object", "upload over this key")
	d.Key("enter") // GET, 1 hour: the choice the picker starts on
	d.WaitForText(wait, "presigned GET", "copied to the clipboard", `Object: "s3://photos/a.txt"`, `ValidFor: "1h"`, "curl -o 'a.txt'")
	get := d.Clipboard()
	if !strings.Contains(get, "/photos/a.txt?") || !strings.Contains(get, "X-Amz-Expires=3600") {
		t.Fatalf("clipboard %q", get)
	}
	resp, err := http.Get(get)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "hello" {
		t.Fatalf("GET %s: %d %q", get, resp.StatusCode, body)
	}

	d.Key("esc")
	d.WaitForText(wait, "s3 › photos")
	d.Key("p")
	d.WaitForText(wait, "presign a.txt")
	for range 7 { // from GET 1 hour down to PUT 1 hour
		d.Key("j")
	}
	d.Key("enter")
	d.WaitForText(wait, "presigned PUT", "curl -X PUT --upload-file FILE")
	req, err := http.NewRequest(http.MethodPut, d.Clipboard(), strings.NewReader("replaced"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT: %d", resp.StatusCode)
	}
	obj, err := backend.GetObject("photos", "a.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Contents.Close()
	if b, _ := io.ReadAll(obj.Contents); string(b) != "replaced" {
		t.Fatalf("a.txt holds %q", b)
	}
}

func TestPresignReadOnlyOffersOnlyGet(t *testing.T) {
	d, _, _ := rowAppWith(t, rowOptions{readOnly: true})
	openPhotos(t, d)
	d.Key("j")
	d.Key("p")
	d.WaitForText(wait, "presign a.txt", "GET", "7 days")
	if strings.Contains(d.Screen(), "PUT") {
		t.Fatalf("PUT offered read-only:\n%s", d.Screen())
	}
}

func TestPresignAPrefixSaysWhy(t *testing.T) {
	d, _, _ := rowApp(t)
	openPhotos(t, d)
	d.Key("p")
	d.WaitForText(wait, "dir/ is a prefix: only an object's URL can be presigned")
}
