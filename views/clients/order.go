package clients

import (
	"reflect"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/views/doctree"
)

// cliOrder orders a call's result as `nimbus call` and the AWS CLI print it: structures in the
// model's member order, maps in the server's order recorded in order. It walks doc once, off
// the UI goroutine, to learn each object's shape; objects it does not know are sorted.
func cliOrder(svc *model.Service, out *model.Shape, doc any, order *document.Order) doctree.KeyOrder {
	shapes := map[uintptr]*model.Shape{}
	var walk func(v any, sh *model.Shape)
	walk = func(v any, sh *model.Shape) {
		switch t := v.(type) {
		case map[string]any:
			shapes[reflect.ValueOf(t).Pointer()] = sh
			for k, e := range t {
				walk(e, svc.MemberShape(sh, k))
			}
		case []any:
			elem := svc.ElemShape(sh)
			for _, e := range t {
				walk(e, elem)
			}
		}
	}
	walk(doc, out)
	return func(_ string, m map[string]any, keys []string) {
		// doc stays referenced by the tree, so a map's address is not reused while shapes is.
		copy(keys, model.OrderedKeys(m, shapes[reflect.ValueOf(m).Pointer()], nil, order.Keys(m)))
	}
}
