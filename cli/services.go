package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
)

// Services prints `nimbus services`: one line per service, sorted by name, with its protocol and
// operation count in aligned columns. It reads only the index, never a model.
func Services(lib *model.Library, stdout, stderr io.Writer) int {
	services, err := lib.Index()
	if err != nil {
		fmt.Fprintf(stderr, "nimbus: %v (the build's embedded models are broken: rebuild nimbus)\n", err)
		return ExitError
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, s := range services {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", textsafe.Clean(s.Name), textsafe.Clean(s.Protocol), strconv.Itoa(s.Operations))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "nimbus: writing the service list: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// Operations prints `nimbus operations SERVICE`: one line per operation, sorted by name, saying
// whether it reads or mutates and giving the first sentence of its doc. SERVICE may be spelled
// as botocore, the AWS CLI (s3api) or the serviceId (DynamoDB) does.
func Operations(lib *model.Library, service string, stdout, stderr io.Writer) int {
	svc, err := lib.Load(service)
	if errors.Is(err, model.ErrUnknownService) {
		fmt.Fprintf(stderr, "nimbus: %s\n", textsafe.Clean(err.Error()))
		return ExitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "nimbus: %v\n", err)
		return ExitError
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, name := range svc.OperationNames() {
		kind := readonly.Label(svc.Name, name)
		fmt.Fprintf(tw, "%s\t%s\t%s\n", textsafe.Clean(name), kind, textsafe.Clean(svc.Operations[name].Doc))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(stderr, "nimbus: writing the operations of %s: %v\n", svc.Name, err)
		return ExitError
	}
	return ExitOK
}
