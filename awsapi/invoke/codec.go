package invoke

import (
	"strings"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/traits"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
	"github.com/aws/smithy-go/transport/http/protocol/awsquery"
	"github.com/aws/smithy-go/transport/http/protocol/ec2query"
	"github.com/aws/smithy-go/transport/http/protocol/restjson1"
	"github.com/aws/smithy-go/transport/http/protocol/restxml"
	"github.com/aws/smithy-go/transport/http/protocol/rpcv2"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// newCodec returns smithy-go's codec for a botocore protocol name, configured from the model's
// metadata; nil when the protocol is not supported.
func newCodec(protocol string, svc *model.Service) smithyhttp.ClientProtocol {
	md := svc.Metadata
	// The service shape's name is what awsJson puts in X-Amz-Target and rpcv2 in the path.
	name := md.TargetPrefix
	if name == "" {
		name = strings.ReplaceAll(md.ServiceID, " ", "")
	}
	var ts []smithy.Trait
	if md.AWSQueryCompatible != nil {
		ts = append(ts, &traits.AWSQueryCompatible{})
	}
	if protocol == protoRestXML && md.XMLNamespace != "" {
		ts = append(ts, &traits.XMLNamespace{URI: md.XMLNamespace})
	}
	service := smithy.NewServiceSchema(
		smithy.NewSchema(smithy.ShapeID{Namespace: "com.amazonaws." + svc.Name, Name: name}, smithy.ShapeTypeService, 0, ts...),
		md.APIVersion)
	switch protocol {
	case protoJSON:
		if md.JSONVersion == "1.0" {
			return awsjson.New10(service)
		}
		return awsjson.New11(service)
	case protoRestJSON:
		return restjson1.New(service)
	case protoRestXML:
		return restxml.New(service)
	case protoQuery:
		return awsquery.New(service)
	case protoEC2:
		return ec2query.New(service)
	case protoCBOR:
		return rpcv2.NewCBOR(service)
	}
	return nil
}
