package motoserver

import (
	"runtime"
	"syscall"
)

// procAttr puts moto in its own process group (so stop can kill any child it spawns) and asks the
// kernel to kill it when the thread that started it dies, i.e. when the test binary exits.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// lockThread pins the calling goroutine to its thread; see launch.
func lockThread() { runtime.LockOSThread() }

func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }
