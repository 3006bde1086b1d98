package main

import (
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/cli"
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
