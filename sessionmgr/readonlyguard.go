package sessionmgr

import (
	"context"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// readOnlyGuardID names the middleware in the stack.
const readOnlyGuardID = "nimbus.ReadOnlyGuard"

// addReadOnlyGuard puts the read-only check first in the Initialize step, before serialization,
// signing or any byte on the wire.
func addReadOnlyGuard(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(readOnlyGuardID, guardReadOnly), middleware.Before)
}

func guardReadOnly(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	service := botocoreName(awsmiddleware.GetServiceID(ctx))
	if err := readonly.Check(true, service, awsmiddleware.GetOperationName(ctx)); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleInitialize(ctx, in)
}

// serviceIDNames lists the SDK service ids whose botocore name is not the id lower-cased with spaces
// as hyphens. Only the typed clients nimbus links, and the services readonly has exceptions for, matter.
var serviceIDNames = map[string]string{
	"CloudWatch Logs":           "logs",
	"Elastic Load Balancing":    "elb",
	"Elastic Load Balancing v2": "elbv2",
	"SFN":                       "stepfunctions",
	"Cognito Identity Provider": "cognito-idp",
	"Lex Runtime Service":       "lex-runtime",
}

// botocoreName maps an SDK service id ("S3", "SSO OIDC") to botocore's name ("s3", "sso-oidc").
func botocoreName(serviceID string) string {
	if n, ok := serviceIDNames[serviceID]; ok {
		return n
	}
	return strings.ReplaceAll(strings.ToLower(serviceID), " ", "-")
}
