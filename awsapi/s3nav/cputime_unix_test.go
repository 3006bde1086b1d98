//go:build unix

package s3nav

import "syscall"

// CPUTime (exported for the external tests) is the CPU this process has used, user and system,
// in seconds: the benchmarks report it beside wall time, which other processes on a shared
// machine make meaningless.
func CPUTime() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
