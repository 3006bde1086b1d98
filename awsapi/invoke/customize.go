package invoke

import (
	"encoding/xml"
	"strings"
)

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

// needsRawBody lists the operations whose response body customizeOutput reads itself.
func (inv *Invoker) needsRawBody(oi *opInfo) bool {
	return inv.isS3() && oi.op.Name == "GetBucketLocation"
}

// customizeOutput fills what the model cannot describe. S3 GetBucketLocation answers with a bare
// <LocationConstraint>eu-west-1</LocationConstraint> root, which botocore and the typed client
// both read by hand.
func (inv *Invoker) customizeOutput(oi *opInfo, raw []byte, doc map[string]any) {
	if !inv.needsRawBody(oi) || len(raw) == 0 {
		return
	}
	var loc struct {
		Value string `xml:",chardata"`
	}
	if xml.Unmarshal(raw, &loc) == nil && strings.TrimSpace(loc.Value) != "" {
		doc["LocationConstraint"] = strings.TrimSpace(loc.Value)
	}
}
