package invoke

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"net/url"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/document"
)

// route53IDShapes are the Route 53 identifier shapes that botocore and the typed client accept
// in their full form ("/hostedzone/Z123") and send as the bare id ("Z123").
var route53IDShapes = map[string]bool{"ResourceId": true, "DelegationSetId": true, "ChangeId": true}

// customizeInput applies the per-service input fix-ups botocore's handlers and the typed clients
// both make, after validation and before serialization.
func (inv *Invoker) customizeInput(oi *opInfo, values map[string]any) {
	if inv.s3AutoEncoding(oi.op.Name, values) {
		values["EncodingType"] = "url" // decoded again by decodeS3ListKeys
	}
	askResponseChecksum(oi, values)
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

// needsRawBody lists the operations whose response body is read before the codec sees it.
func (inv *Invoker) needsRawBody(oi *opInfo) bool {
	return inv.isS3() && (oi.op.Name == "GetBucketLocation" || s3ErrorIn200[oi.op.Name])
}

// s3ErrorIn200 are the S3 operations that may answer 200 OK with an <Error> document when they
// fail after the response started; botocore and the typed client turn that into a retried 500.
var s3ErrorIn200 = map[string]bool{"CopyObject": true, "CompleteMultipartUpload": true, "UploadPartCopy": true}

func (inv *Invoker) isErrorIn200(oi *opInfo, raw []byte) bool {
	if !s3ErrorIn200[oi.op.Name] {
		return false
	}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := dec.Token()
		if err != nil {
			return len(bytes.TrimSpace(raw)) == 0 // an empty 200 is a failure too
		}
		if start, ok := tok.(xml.StartElement); ok {
			return start.Name.Local == "Error"
		}
	}
}

// fillHeaderMaps sets the members bound to a header prefix (S3 Metadata) that no header filled
// to an empty map: botocore's REST parsers always set them, so the AWS CLI prints "Metadata": {}.
func fillHeaderMaps(oi *opInfo, doc map[string]any) {
	if oi.output == nil {
		return
	}
	for _, mi := range oi.output.members {
		if mi.ref.Location != "headers" {
			continue
		}
		if _, ok := doc[mi.name]; !ok {
			doc[mi.name] = map[string]any{}
		}
	}
}

// customizeOutput applies the fix-ups botocore's after-call handlers make, so documents look as
// boto3 returns them:
//   - S3 GetBucketLocation answers with a bare <LocationConstraint>eu-west-1</LocationConstraint>
//     root, which the model cannot describe.
//   - IAM policy documents (shape policyDocumentType) arrive URL-encoded JSON: decoded.
//   - CloudFormation GetTemplate's TemplateBody, when it is JSON: decoded.
//   - EC2 GetConsoleOutput's Output is base64 text: decoded.
func (inv *Invoker) customizeOutput(oi *opInfo, raw []byte, doc map[string]any, order *document.Order) {
	fillHeaderMaps(oi, doc)
	switch {
	case inv.isS3() && oi.op.Name == "GetBucketLocation" && len(raw) > 0:
		var loc struct {
			Value string `xml:",chardata"`
		}
		if xml.Unmarshal(raw, &loc) == nil {
			// botocore sets the root's text, None (printed null) when empty (us-east-1).
			doc["LocationConstraint"] = nil
			if v := strings.TrimSpace(loc.Value); v != "" {
				doc["LocationConstraint"] = v
			}
		}
	case inv.svc.Name == "iam" && oi.output != nil:
		decodePolicies(oi.output, doc, order)
	case inv.svc.Name == "cloudformation" && oi.op.Name == "GetTemplate":
		if body, ok := doc["TemplateBody"].(string); ok {
			if v, err := document.DecodeJSON([]byte(body), order); err == nil {
				doc["TemplateBody"] = v
			}
		}
	case inv.svc.Name == "ec2" && oi.op.Name == "GetConsoleOutput":
		if s, ok := doc["Output"].(string); ok {
			if b, err := base64.StdEncoding.DecodeString(s); err == nil {
				doc["Output"] = strings.ToValidUTF8(string(b), "\uFFFD")
			}
		}
	}
}

// decodePolicies walks an IAM output and decodes every policyDocumentType string.
func decodePolicies(si *shapeInfo, v any, order *document.Order) {
	switch si.shape.Type {
	case "structure":
		doc, _ := v.(map[string]any)
		for _, mi := range si.members {
			val, ok := doc[mi.name]
			if !ok {
				continue
			}
			if s, isString := val.(string); isString && mi.target.name == "policyDocumentType" {
				if text, err := url.PathUnescape(s); err == nil { // unquote, as botocore: "+" stays
					if policy, err := document.DecodeJSON([]byte(text), order); err == nil {
						doc[mi.name] = policy
					}
				}
				continue
			}
			decodePolicies(mi.target, val, order)
		}
	case "list":
		items, _ := v.([]any)
		for _, item := range items {
			decodePolicies(si.elem, item, order)
		}
	}
}
