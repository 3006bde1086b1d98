//go:build unix

package sessionmgr

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hungProcess writes a credential_process that starts a child `sleep` (which keeps the output
// pipe open) and then hangs itself; the child's pid lands in the returned file.
func hungProcess(t *testing.T) (script, pidFile string) {
	t.Helper()
	dir := t.TempDir()
	script, pidFile = filepath.Join(dir, "hang.sh"), filepath.Join(dir, "child.pid")
	body := "#!/bin/sh\nsleep 60 &\necho $! > " + pidFile + ".tmp\nmv " + pidFile + ".tmp " + pidFile + "\nsleep 60\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	return script, pidFile
}

// childPid waits for the script to have started its child.
func childPid(t *testing.T, pidFile string) int {
	t.Helper()
	for range 500 {
		if b, err := os.ReadFile(pidFile); err == nil {
			pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the credential_process never started its child")
	return 0
}

// wantGone fails unless pid ends (is reaped, or is a zombie waiting to be) soon after its group
// was killed.
func wantGone(t *testing.T, pid int) {
	t.Helper()
	for range 300 {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if errors.Is(err, os.ErrNotExist) || err == nil && strings.Contains(string(stat), ") Z ") {
			return
		}
		if err != nil && syscall.Kill(pid, 0) == syscall.ESRCH {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	syscall.Kill(pid, syscall.SIGKILL)
	t.Fatalf("the credential_process's child %d outlived it", pid)
}

func TestCredentialProcessTimesOutAndKillsItsChildren(t *testing.T) {
	script, pidFile := hungProcess(t)
	m := newManager(t, "[profile hung]\ncredential_process = "+script+"\n", "",
		map[string]string{"NIMBUS_CREDENTIAL_PROCESS_TIMEOUT": "0.5"}, func(o *Options) { o.EndpointURL = deadEndpoint(t) })
	defer m.Close()
	err := callSTS(t, m, "hung")
	wantExplain(t, err, "credential_process of profile hung timed out after 0.5 s")
	wantGone(t, childPid(t, pidFile))
}

func TestCredentialProcessTimeoutFromTheProfile(t *testing.T) {
	m := newManager(t, "[profile p]\ncredential_process = true\ncredential_process_timeout = 7\n", "", nil, nil)
	if d := m.processTimeout(m.snap.settings["p"].keys); d != 7*time.Second {
		t.Fatalf("timeout %v, want 7s", d)
	}
	m = newManager(t, "[profile p]\ncredential_process = true\n", "", nil, nil)
	if d := m.processTimeout(m.snap.settings["p"].keys); d != DefaultProcessTimeout {
		t.Fatalf("timeout %v, want the default", d)
	}
}

func TestCloseKillsARunningCredentialProcess(t *testing.T) {
	script, pidFile := hungProcess(t)
	m := newManager(t, "[profile hung]\ncredential_process = "+script+"\n", "", nil,
		func(o *Options) { o.EndpointURL = deadEndpoint(t) })
	cfg, err := m.Config(context.Background(), "hung", "")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := cfg.Credentials.Retrieve(context.Background())
		done <- err
	}()
	pid := childPid(t, pidFile)
	m.Close()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "stopped") {
			t.Fatalf("Retrieve = %v, want the process stopped", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not end the credential_process")
	}
	wantGone(t, pid)
}
