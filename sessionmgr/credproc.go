package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"

	"github.com/nimbus-tui/nimbus/awsapi/netpolicy"
)

// DefaultProcessTimeout bounds a credential_process, as the SDK's own default does.
const DefaultProcessTimeout = time.Minute

// ProcessTimeoutError is a credential_process that did not finish in time; it and every process
// it started were killed.
type ProcessTimeoutError struct {
	Profile string
	After   time.Duration
}

func (e *ProcessTimeoutError) Error() string {
	return fmt.Sprintf("the credential_process of profile %s timed out after %s and was stopped", e.Profile, netpolicy.Seconds(e.After))
}

// errProcessStopped is a credential_process killed because nimbus is closing its sessions.
var errProcessStopped = errors.New("the credential_process was stopped: nimbus is quitting")

// processes runs the credential processes of a Manager: each in its own process group, so that a
// timeout or Close kills the children it started too (a script that runs `sleep` would otherwise
// leave it behind, and the SDK would wait for it, as it holds the output pipe).
type processes struct {
	ctx    context.Context // ends on Close
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newProcesses() *processes {
	p := &processes{}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	return p
}

// close kills every running credential process group and waits (a little) for them to end.
func (p *processes) close() {
	p.cancel()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}

// processTimeout is NIMBUS_CREDENTIAL_PROCESS_TIMEOUT, else the profile's
// credential_process_timeout, else DefaultProcessTimeout; in seconds, 0 meaning none.
func (m *Manager) processTimeout(keys map[string]string) time.Duration {
	if d, ok := ParseSeconds(m.opts.Getenv("NIMBUS_CREDENTIAL_PROCESS_TIMEOUT")); ok {
		return d
	}
	if d, ok := ParseSeconds(keys["credential_process_timeout"]); ok {
		return d
	}
	return DefaultProcessTimeout
}

// processProvider gets a profile's credentials from its credential_process.
type processProvider struct {
	runner  *processes
	profile string
	command string
	timeout time.Duration
}

func (p processProvider) Retrieve(ctx context.Context) (aws.Credentials, error) {
	p.runner.wg.Add(1)
	defer p.runner.wg.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(p.runner.ctx, cancel)()
	if p.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, p.timeout)
		defer cancel()
	}
	inner := processcreds.NewProviderCommand(groupCommand(p.command), func(o *processcreds.Options) {
		o.Timeout = -1 // bounded here, where a timeout can be told from the other failures
	})
	creds, err := inner.Retrieve(ctx)
	switch {
	case err == nil:
		return creds, nil
	case p.runner.ctx.Err() != nil:
		return creds, errProcessStopped
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return creds, &ProcessTimeoutError{Profile: p.profile, After: p.timeout}
	}
	return creds, err
}

// groupCommand builds `sh -c command` in a process group of its own, killed as a whole when ctx
// ends. Its stdin is empty: a process group in the background that read the terminal would be
// stopped by SIGTTIN, and under the TUI the terminal is not its to read.
func groupCommand(command string) processcreds.NewCommandBuilderFunc {
	return func(ctx context.Context) (*exec.Cmd, error) {
		if strings.TrimSpace(command) == "" {
			return nil, errors.New("credential_process is empty")
		}
		cmd := exec.CommandContext(ctx, "sh", "-c", command)
		cmd.Env = os.Environ()
		cmd.Stderr = os.Stderr // as the SDK does: the process's own messages
		inProcessGroup(cmd)
		// The group is killed; WaitDelay still bounds the wait for the output pipe should a child
		// have left the group.
		cmd.WaitDelay = 2 * time.Second
		return cmd, nil
	}
}
