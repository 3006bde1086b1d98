package resources

import (
	"encoding/base64"
	"reflect"
	"testing"
)

func TestReadableDecodesTextBlobsAndLogTails(t *testing.T) {
	in := map[string]any{
		"Payload":   []byte(`{"ok":true}`),
		"LogResult": base64.StdEncoding.EncodeToString([]byte("START RequestId: 1\nEND\n")),
		"Binary":    []byte{0xff, 0x00},
		"List":      []any{[]byte("a")},
	}
	want := map[string]any{
		"Payload":   `{"ok":true}`,
		"LogResult": "START RequestId: 1\nEND\n",
		"Binary":    []byte{0xff, 0x00},
		"List":      []any{"a"},
	}
	if got := readable(in); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v", got)
	}
}
