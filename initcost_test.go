package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Package initialisation runs before main, on the first frame's path, in every run: nimbus's
// packages build their tables and regexps on first use (sync.OnceValue), not there. The budget
// counts allocations, the same on any machine: a package-level regexp or map built at init (tens
// to hundreds of allocations) shows here. This test binary initialises the same nimbus packages
// as nimbus does; run with GODEBUG=inittrace=1, the runtime reports each one's init.
// Before: readonly 424 allocations, jmesquery 269, demo/world 229, 1,460 in all; then 344, of
// which awsapi/model's regexps 62 and awsapi/snippet's and metrics's tables 18 (now on first use).
func TestOwnPackagesInitLightly(t *testing.T) {
	const perPackage, total = 100, 300
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (github\.com/nimbus-tui/nimbus\S*) @.* (\d+) bytes, (\d+) allocs$`)
	type pkg struct {
		name          string
		bytes, allocs int
	}
	var pkgs []pkg
	sum := 0
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		b, _ := strconv.Atoi(m[2])
		a, _ := strconv.Atoi(m[3])
		pkgs = append(pkgs, pkg{m[1], b, a})
		sum += a
	}
	if len(pkgs) == 0 {
		t.Fatalf("no init trace of nimbus's packages in:\n%s", out)
	}
	slices.SortFunc(pkgs, func(a, b pkg) int { return b.allocs - a.allocs })
	var report strings.Builder
	for _, p := range pkgs {
		fmt.Fprintf(&report, "  %-50s %5d allocs %7d bytes\n", p.name, p.allocs, p.bytes)
	}
	if sum > total || pkgs[0].allocs > perPackage {
		t.Errorf("nimbus's packages allocate %d times at init (budget %d, at most %d per package): build "+
			"package-level tables and regexps on first use (sync.OnceValue)\n%s", sum, total, perPackage, report.String())
	}
	t.Logf("%d allocations at init\n%s", sum, report.String())
}
