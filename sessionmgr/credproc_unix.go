//go:build unix

package sessionmgr

import (
	"os/exec"
	"syscall"
)

// inProcessGroup starts cmd in a new process group and makes cancelling it kill the whole group.
func inProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
