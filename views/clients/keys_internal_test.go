package clients

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/keymap/keymaptest"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/docpage"
)

// The service pages' keys all come from the key map: with every binding remapped in keys.json,
// none keeps a key of its own (the form's were tab, ↓, ctrl+e, ←, →, space).
func TestServicePagesTakeEveryKeyFromTheKeyMap(t *testing.T) {
	r := keymaptest.RemapAll(t)
	c := NewCatalog(tui.Env{Ctx: context.Background(), Keys: r.Keys, Styles: tui.NewStyles(true)}, model.Default())
	svc, err := model.Load("sqs")
	if err != nil {
		t.Fatal(err)
	}
	s := tui.Session{Profile: "dev", Region: "eu-west-1"}
	for name, p := range map[string]tui.Page{
		"services":   newServicesPage(c, s),
		"operations": newOperationsPage(c, s, "sqs"),
		"operation":  newOperationPage(c, s, svc, "SendMessage"),
		"waiters":    newWaitersPage(c, s, svc),
		"stream":     newStreamPage(c, s, svc, "ReceiveMessage", nil, docpage.Snippet{}),
		"watch":      newWatchPage(c, s, svc, "x", nil),
	} {
		p.SetSize(100, 30)
		if bad := keymaptest.Unmapped(p.Keys()); len(bad) > 0 {
			t.Errorf("%s: keys not from the key map: %s", name, strings.Join(bad, ", "))
		}
	}
}
