//go:build !linux

package motoserver

import "syscall"

// procAttr: without a parent-death signal outside Linux, a shared server may outlive the test binary;
// Start (not StartShared) always stops its server in t.Cleanup.
func procAttr() *syscall.SysProcAttr { return nil }

func lockThread() {}

func killGroup(int) {}
