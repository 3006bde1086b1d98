package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/waiter"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// WaitOptions override a waiter's definition for `nimbus wait`; zero values keep botocore's.
type WaitOptions struct {
	// Timeout bounds the whole wait (--timeout). Without MaxAttempts, the attempts are as many
	// as fit in it.
	Timeout time.Duration
	// Delay between attempts (--delay).
	Delay time.Duration
	// MaxAttempts caps the attempts (--max-attempts).
	MaxAttempts int
}

// Wait runs `nimbus wait`: it runs the waiter (name or AWS CLI spelling, e.g. instance-running)
// of inv's service with input, printing one line per attempt on stdout as it happens. It
// returns ExitOK once a success acceptor matches; otherwise it prints the reason on stderr
// (a failure state, attempts or time run out, an unexpected error) and returns ExitError, or
// ExitUsage for an unknown waiter, bad options or an input the model refuses.
func Wait(ctx context.Context, inv *invoke.Invoker, name string, input map[string]any, opts WaitOptions, stdout, stderr io.Writer) int {
	svc := inv.Service()
	w, waiterName, ok := svc.Waiter(name)
	if !ok {
		hint := ""
		if best := closestName(svc.WaiterNames(), name); best != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", model.CLIName(best))
		}
		fmt.Fprintf(stderr, "nimbus wait: %s has no waiter %s%s; %s\n", svc.Name, textsafe.Clean(name), hint, waiterList(svc))
		return ExitUsage
	}
	if opts.Timeout < 0 || opts.Delay < 0 || opts.MaxAttempts < 0 {
		fmt.Fprintln(stderr, "nimbus wait: --timeout, --delay and --max-attempts must be positive")
		return ExitUsage
	}
	var writeErr error
	_, err := waiter.Run(ctx, inv, w, input, waiter.Options{
		Name:        waiterName,
		Delay:       opts.Delay,
		MaxAttempts: opts.MaxAttempts,
		Timeout:     opts.Timeout,
		OnAttempt: func(a waiter.Attempt) {
			if _, err := fmt.Fprintln(stdout, a.String()); err != nil && writeErr == nil {
				writeErr = err
			}
		},
	})
	if writeErr != nil {
		fmt.Fprintf(stderr, "nimbus wait: writing the attempts: %v\n", writeErr)
		return ExitError
	}
	if err != nil {
		return waitFailed(err, stderr)
	}
	return ExitOK
}

// waitFailed prints why a wait ended without success and returns the exit code.
func waitFailed(err error, stderr io.Writer) int {
	var (
		wErr   *waiter.Error
		valErr *invoke.ValidationError
	)
	if errors.As(err, &valErr) {
		// The input is wrong: say so plainly rather than as an "unexpected error" of attempt 1.
		fmt.Fprintf(stderr, "nimbus wait: %s\n", textsafe.Clean(oneLine(valErr.Error())))
		return ExitUsage
	}
	if errors.As(err, &wErr) && wErr.Kind == waiter.KindUnexpectedError {
		// The service's error in our usual one line, with its request id.
		fmt.Fprintf(stderr, "nimbus wait: waiter %s failed on attempt %d: %s\n", wErr.Waiter, wErr.Attempts, describeCallError(wErr.Err))
		return ExitError
	}
	fmt.Fprintf(stderr, "nimbus wait: %s\n", textsafe.Clean(oneLine(err.Error())))
	if errors.As(err, &wErr) && wErr.Kind == waiter.KindConfig {
		return ExitUsage
	}
	return ExitError
}

// waiterList names a service's waiters in AWS CLI spelling, for an error message.
func waiterList(svc *model.Service) string {
	names := svc.WaiterNames()
	if len(names) == 0 {
		return "it has none"
	}
	cli := make([]string, len(names))
	for i, n := range names {
		cli[i] = model.CLIName(n)
	}
	return "its waiters: " + strings.Join(cli, ", ")
}
