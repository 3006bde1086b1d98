// The headless commands of the generic API engine: services, operations, call and wait, each on
// one invoker from the session (withInvoker).

package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/wire"
	"github.com/nimbus-tui/nimbus/cli"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// servicesCmd is `nimbus services`.
type servicesCmd struct{}

// Run lists every service nimbus can call.
func (servicesCmd) Run(r *runContext) error {
	*r.exit = cli.Services(model.Default(), r.stdout, r.stderr)
	return nil
}

// operationsCmd is `nimbus operations SERVICE`.
type operationsCmd struct {
	Service string `arg:"" help:"Service name: botocore's (ec2, s3), the AWS CLI's (s3api) or its service id."`
}

// Run lists a service's operations, read or mutate, with the first sentence of their docs.
func (c operationsCmd) Run(r *runContext) error {
	*r.exit = cli.Operations(model.Default(), c.Service, r.stdout, r.stderr)
	return nil
}

// callCmd is `nimbus call SERVICE OPERATION`. Its flags are declared here so that kong accepts
// the global flags anywhere on the line, as the AWS CLI does.
type callCmd struct {
	Service       string `arg:"" help:"Service name: botocore's (ec2, s3), the AWS CLI's (s3api) or its service id."`
	Operation     string `arg:"" help:"Operation: its API name (ListObjectsV2) or the AWS CLI's spelling (list-objects-v2)."`
	Input         string `help:"The operation's input as a JSON object of its members, or file://PATH to read it from a file." placeholder:"JSON"`
	InputFile     string `name:"input-file" help:"Read the input (a JSON object) from this file." placeholder:"FILE"`
	Query         string `help:"JMESPath expression applied to the output, as aws --query." placeholder:"JMESPATH"`
	NoPaginate    bool   `name:"no-paginate" help:"Send one request, even when the operation has a paginator."`
	PageSize      int    `help:"Items per request of a paginated operation." placeholder:"N"`
	MaxItems      int    `help:"Stop after N items and print a NextToken to resume from." placeholder:"N"`
	StartingToken string `help:"Resume from a NextToken printed earlier." placeholder:"TOKEN"`
	Outfile       string `help:"Write a streaming output (S3 GetObject's Body) to this file, as aws's outfile argument." placeholder:"FILE"`
	Wire          bool   `help:"Print each attempt's HTTP request and response and the retry decisions on stderr as they happen (credentials redacted)."`
}

// Run calls one operation and prints its output as JSON, like aws --output json.
func (c callCmd) Run(r *runContext) error {
	input, err := cli.ParseInput(c.Input, c.InputFile)
	if err != nil {
		fmt.Fprintf(r.stderr, "nimbus call: %s\n", textsafe.Clean(err.Error()))
		*r.exit = cli.ExitUsage
		return nil
	}
	return r.withInvoker("call", c.Service, func(inv *invoke.Invoker) int {
		ctx := r.ctx
		if c.Wire {
			ctx = wire.With(ctx, wire.NewWriter(r.stderr))
		}
		return cli.Call(ctx, inv, c.Operation, input, cli.CallOptions{
			Query: c.Query, NoPaginate: c.NoPaginate, PageSize: c.PageSize,
			MaxItems: c.MaxItems, StartingToken: c.StartingToken, Outfile: c.Outfile,
		}, r.stdout, r.stderr)
	})
}

// waitCmd is `nimbus wait SERVICE WAITER`.
type waitCmd struct {
	Service     string        `arg:"" help:"Service name: botocore's (ec2, s3), the AWS CLI's (s3api) or its service id."`
	Waiter      string        `arg:"" help:"Waiter: its name (InstanceRunning) or the AWS CLI's spelling (instance-running)."`
	Input       string        `help:"The input of the waiter's operation as a JSON object, or file://PATH." placeholder:"JSON"`
	InputFile   string        `name:"input-file" help:"Read the input (a JSON object) from this file." placeholder:"FILE"`
	Timeout     time.Duration `help:"Give up after this long, e.g. 5m (default: the waiter's attempts × delay)." placeholder:"D"`
	Delay       time.Duration `help:"Time between attempts, e.g. 5s (default: the waiter's)." placeholder:"D"`
	MaxAttempts int           `help:"Give up after N attempts (default: the waiter's, or as many as fit in --timeout)." placeholder:"N"`
}

// Run runs a waiter, printing one line per attempt.
func (c waitCmd) Run(r *runContext) error {
	input, err := cli.ParseInput(c.Input, c.InputFile)
	if err != nil {
		fmt.Fprintf(r.stderr, "nimbus wait: %s\n", textsafe.Clean(err.Error()))
		*r.exit = cli.ExitUsage
		return nil
	}
	return r.withInvoker("wait", c.Service, func(inv *invoke.Invoker) int {
		return cli.Wait(r.ctx, inv, c.Waiter, input, cli.WaitOptions{
			Timeout: c.Timeout, Delay: c.Delay, MaxAttempts: c.MaxAttempts,
		}, r.stdout, r.stderr)
	})
}

// withInvoker loads the service's model and the session from the global flags, builds an
// Invoker and sets the exit code to what run returns. The session carries --endpoint-url (or the
// demo server) and the invoker refuses mutating calls under --readonly.
func (r *runContext) withInvoker(cmd, service string, run func(*invoke.Invoker) int) error {
	svc, err := model.Default().Load(service)
	if err != nil {
		fmt.Fprintf(r.stderr, "nimbus %s: %s\n", cmd, textsafe.Clean(err.Error()))
		*r.exit = cli.ExitError
		if errors.Is(err, model.ErrUnknownService) {
			*r.exit = cli.ExitUsage
		}
		return nil
	}
	mgr, stop, err := r.sessions(r.ctx, true)
	if err != nil {
		return err
	}
	defer stop()
	cfg, ok := r.initialConfig(cmd, mgr)
	if !ok {
		return nil
	}
	opts := invoke.Options{ReadOnly: mgr.ReadOnly(), Logger: cli.WarningLogger(r.logger, cmd, r.stderr)}
	if cmd == "call" {
		profile, _ := mgr.Initial()
		wire, err := cli.WireTimestamps(mgr.Setting(profile, "cli_timestamp_format"))
		if err != nil {
			fmt.Fprintf(r.stderr, "nimbus %s: profile %s: %s\n", cmd, textsafe.Clean(profile), textsafe.Clean(err.Error()))
			*r.exit = cli.ExitError
			return nil
		}
		opts.WireTimestamps = wire
	}
	inv := invoke.New(cfg, svc, opts)
	*r.exit = run(inv)
	return nil
}
