package demo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// Every service answers a read: the first read operation of each that needs no input, sent by
// the engine, comes back as a document (the generic answer, or the world's).
func TestEveryServiceAnswersARead(t *testing.T) {
	if testing.Short() {
		t.Skip("loads all 424 models")
	}
	srv := startWorld(t, nil)
	infos, err := model.Index()
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, info := range infos {
		svc, err := model.Load(info.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range svc.OperationNames() {
			if readonly.IsMutating(svc.Name, op) {
				continue
			}
			in, err := svc.InputShape(op)
			if err != nil || len(in.Required) > 0 {
				continue
			}
			tried++
			inv := caller(t, srv, world.Dev, "us-east-1", svc.Name)
			if _, err := inv.Call(context.Background(), op, nil); err != nil && !strings.Contains(err.Error(), "which nimbus does not support") {
				t.Errorf("%s %s: %v", svc.Name, op, err)
			}
			break
		}
	}
	t.Logf("%d services answered a read", tried)
}
