package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// flusher is a writer that holds output until told (a bufio.Writer): each event is flushed.
type flusher interface{ Flush() error }

// callStream runs `nimbus call` on an operation that answers with an event stream: it prints
// JSON lines, one document per line, each flushed as soon as it is written: first the output
// without the stream when it has members (Lambda's StatusCode and ExecutedVersion), then each
// event as boto3 yields it, {"EventType": {members}}. It runs until the stream ends, the service
// sends an exception (printed as an error, with the service's exit code) or ctx is cancelled.
func callStream(ctx context.Context, inv *invoke.Invoker, op string, input map[string]any, opts CallOptions, stdout, stderr io.Writer) int {
	svc := inv.Service()
	switch {
	case opts.Query != "":
		fmt.Fprintln(stderr, "nimbus call: --query is not supported on an event stream; filter the JSON lines instead (jq)")
		return ExitUsage
	case opts.Outfile != "":
		fmt.Fprintf(stderr, "nimbus call: %s %s answers with an event stream, not a file: drop --outfile\n", svc.Name, op)
		return ExitUsage
	case len(opts.paging()) > 0:
		fmt.Fprintln(stderr, "nimbus call: an event stream has no pages: drop the pagination flags")
		return ExitUsage
	}
	order := document.NewOrder()
	ctx = document.WithOrder(ctx, order)
	s, err := inv.Stream(ctx, op, input)
	if err != nil {
		fmt.Fprintf(stderr, "nimbus call: %s\n", describeCallError(err))
		return callErrorCode(err)
	}
	defer s.Close()
	write := func(doc map[string]any, shape string) bool {
		w := jsonWriter{svc: svc, order: order, compact: true}
		w.document(doc, shape, nil)
		if _, err := stdout.Write(w.buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "nimbus call: writing the output: %v\n", err)
			return false
		}
		if f, ok := stdout.(flusher); ok {
			if err := f.Flush(); err != nil {
				fmt.Fprintf(stderr, "nimbus call: writing the output: %v\n", err)
				return false
			}
		}
		return true
	}
	if len(s.Output) > 0 && !write(s.Output, outputShape(svc, op)) {
		return ExitError
	}
	for ev := range s.Events {
		if ev.Unknown {
			fmt.Fprintf(stderr, "nimbus call: skipped an event of a type the model does not know: %s\n", textsafe.Clean(ev.Type))
			continue
		}
		if !write(ev.Document(), s.Shape) {
			return ExitError
		}
	}
	if err := s.Err(); err != nil {
		fmt.Fprintf(stderr, "nimbus call: %s\n", describeCallError(err))
		return callErrorCode(err)
	}
	return ExitOK
}
