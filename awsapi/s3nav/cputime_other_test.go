//go:build !unix

package s3nav

func CPUTime() float64 { return 0 }
