package invoke

import "strings"

// route53IDShapes are the Route 53 identifier shapes that botocore and the typed client accept
// in their full form ("/hostedzone/Z123") and send as the bare id ("Z123").
var route53IDShapes = map[string]bool{"ResourceId": true, "DelegationSetId": true, "ChangeId": true}

// customizeInput applies the per-service input fix-ups botocore's handlers and the typed clients
// both make, after validation and before serialization.
func (inv *Invoker) customizeInput(oi *opInfo, values map[string]any) {
	if inv.svc.Name != "route53" || oi.input == nil {
		return
	}
	for _, mi := range oi.input.members {
		if !route53IDShapes[mi.target.name] {
			continue
		}
		if s, ok := values[mi.name].(string); ok {
			values[mi.name] = s[strings.LastIndex(s, "/")+1:]
		}
	}
}
