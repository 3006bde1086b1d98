package cli

import (
	"context"
	"errors"

	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// Exit codes of the headless commands: the AWS CLI v2's return codes (awscli/constants.py and
// its error handlers), so scripts written for `aws` can test nimbus the same way.
const (
	ExitOK = 0
	// ExitS3Failed is what `aws s3` commands return when a transfer failed; `aws s3 ls` returns it
	// when nothing matched the prefix.
	ExitS3Failed = 1
	// ExitUsage: the command line was wrong (syntax, an unknown command, operation or flag, a
	// parameter value refused before anything was sent).
	ExitUsage = 252
	// ExitConfig: the configuration or environment was wrong (a profile that cannot be used, no
	// credentials, a malformed region or endpoint from the environment or config files).
	ExitConfig = 253
	// ExitService: a request was sent and the service answered with an error.
	ExitService = 254
	// ExitError: any other failure (the network, a timeout, a waiter that gave up, local I/O).
	ExitError = 255
	// ExitInterrupted: Ctrl-C (128 + SIGINT).
	ExitInterrupted = 130
)

// ExitCode classifies a command's error the way the AWS CLI v2 would.
func ExitCode(err error) int {
	var (
		valErr     *invoke.ValidationError
		regionErr  *sessionmgr.RegionError
		endErr     *sessionmgr.EndpointError
		profErr    *sessionmgr.ProfileError
		credErr    *sessionmgr.CredentialsError
		apiErr     smithy.APIError
		opErr      *smithy.OperationError
		credAPIErr smithy.APIError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case errors.As(err, &valErr), errors.Is(err, paginate.ErrBadStartingToken):
		return ExitUsage
	case errors.As(err, &regionErr):
		return flagOrConfig(regionErr.Source == "--region")
	case errors.As(err, &endErr):
		return flagOrConfig(endErr.Source == "--endpoint-url")
	case errors.As(err, &credErr):
		// The CLI returns 253 for "no credentials" and 254 when STS refused to hand them out.
		if errors.As(credErr.Err, &credAPIErr) {
			return ExitService
		}
		return ExitConfig
	case errors.As(err, &profErr):
		return ExitConfig
	case errors.Is(err, readonly.ErrRefused):
		// Refused before sending because of how nimbus was configured (--readonly).
		return ExitConfig
	case errors.As(err, &apiErr):
		return ExitService
	case errors.As(err, &opErr) && errors.As(opErr.Err, &apiErr):
		return ExitService
	}
	return ExitError
}

func flagOrConfig(fromFlag bool) int {
	if fromFlag {
		return ExitUsage
	}
	return ExitConfig
}
