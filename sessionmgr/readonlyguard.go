package sessionmgr

import (
	"context"
	"fmt"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// readOnlyGuardID names the middleware in the stack.
const readOnlyGuardID = "nimbus.ReadOnlyGuard"

// addReadOnlyGuard puts the read-only check first in the Initialize step, before serialization,
// signing or any byte on the wire. The SDK's clients put the service id and operation name on the
// context before the stack runs; other clients built from the aws.Config (the generic engine) must do
// the same with awsmiddleware.SetServiceID and SetOperationName, or every call is refused.
func addReadOnlyGuard(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(readOnlyGuardID, guardReadOnly), middleware.Before)
}

func guardReadOnly(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	serviceID, operation := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	if serviceID == "" || operation == "" {
		// A client that does not say what it calls cannot be checked: refuse rather than guess.
		return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf(
			"unnamed operation: %w (the client did not set its service id and operation name on the context)", readonly.ErrRefused)
	}
	// in.Parameters is the typed input: some classes depend on it (redshift AutoCreate).
	if err := readonly.CheckInput(true, botocoreName(serviceID), operation, in.Parameters); err != nil {
		return middleware.InitializeOutput{}, middleware.Metadata{}, err
	}
	return next.HandleInitialize(ctx, in)
}
