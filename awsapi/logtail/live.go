package logtail

import (
	"context"
	"io"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
)

// LiveFrom is the LiveFunc of a CloudWatch Logs invoker: StartLiveTail through the engine's
// event streams (invoke.Invoker.Stream).
func LiveFrom(inv *invoke.Invoker) LiveFunc {
	return func(ctx context.Context, input map[string]any) (LiveSession, error) {
		s, err := inv.Stream(ctx, "StartLiveTail", input)
		if err != nil {
			return nil, err
		}
		return streamSession{s}, nil
	}
}

type streamSession struct{ s *invoke.Stream }

// Next implements LiveSession: the next event as {type: members}; io.EOF when the stream ended
// cleanly, else why it ended (a SessionTimeoutException after 3 hours is an *invoke.APIError).
func (s streamSession) Next(ctx context.Context) (map[string]any, error) {
	for {
		select {
		case e, ok := <-s.s.Events:
			if !ok {
				if err := s.s.Err(); err != nil {
					return nil, err
				}
				return nil, io.EOF
			}
			if e.Unknown {
				continue // an event this model does not know
			}
			return e.Document(), nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (s streamSession) Close() error { return s.s.Close() }
