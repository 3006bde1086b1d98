package invoke

import (
	"context"
	"fmt"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// initialize runs the Initialize step of the session's API options (cfg.APIOptions) before the
// call is built, as a typed client built from the same aws.Config runs it: sessionmgr's read-only
// guard lives there (a profile that nimbus's config makes read-only, or --readonly), so the engine
// refuses what the typed clients refuse, with their words. Only that step runs: the engine
// serializes, signs and sends by itself.
func (inv *Invoker) initialize(ctx context.Context, operation string, input map[string]any) error {
	if len(inv.cfg.APIOptions) == 0 {
		return nil
	}
	stack := middleware.NewStack(operation, func() any { return nil })
	for _, add := range inv.cfg.APIOptions {
		if err := add(stack); err != nil {
			return fmt.Errorf("%s %s: %w", inv.svc.Name, operation, err)
		}
	}
	ctx = awsmiddleware.SetOperationName(awsmiddleware.SetServiceID(ctx, inv.svc.Metadata.ServiceID), operation)
	_, _, err := stack.Initialize.HandleMiddleware(ctx, input, middleware.HandlerFunc(
		func(context.Context, any) (any, middleware.Metadata, error) { return nil, middleware.Metadata{}, nil }))
	return err
}
