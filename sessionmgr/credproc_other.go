//go:build !unix

package sessionmgr

import "os/exec"

// inProcessGroup: without process groups, cancelling kills the process itself (exec's default).
func inProcessGroup(*exec.Cmd) {}
