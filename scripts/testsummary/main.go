// Command testsummary reads `go test -json` on stdin and prints what a person needs from it: each
// package's result line, the whole output of every failed test, each skipped test with its reason,
// and a closing "N passed, N failed, N skipped" line. With -no-skips (CI), a skipped test is a
// failure: CI must never pass because a test did not run. It exits 1 on any failure.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// summary is what summarize found.
type summary struct {
	passed, failed, skipped int
	skips                   []string // "package Test: reason"
}

func main() {
	noSkips := flag.Bool("no-skips", false, "count a skipped test as a failure")
	flag.Parse()
	s, err := summarize(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	if !report(os.Stdout, s, *noSkips) {
		os.Exit(1)
	}
}

// summarize copies package lines and failed tests' output to w as the events arrive.
func summarize(r io.Reader, w io.Writer) (summary, error) {
	var s summary
	output := map[string][]string{} // package/test -> its output so far
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(w, "%s\n", line) // not an event: pass it through (go vet, build errors)
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "output" || e.Action == "build-output":
			if e.Test == "" {
				if e.Output != "PASS\n" { // the "ok" line that follows says it
					fmt.Fprint(w, e.Output)
				}
			} else {
				output[key] = append(output[key], e.Output)
			}
		case e.Test == "":
		case e.Action == "pass":
			s.passed++
			delete(output, key)
		case e.Action == "fail":
			s.failed++
			fmt.Fprint(w, strings.Join(output[key], ""))
			delete(output, key)
		case e.Action == "skip":
			s.skipped++
			s.skips = append(s.skips, e.Package+" "+e.Test+": "+skipReason(output[key]))
			delete(output, key)
		}
	}
	return s, sc.Err()
}

// skipReason is the test's last line of output before "--- SKIP", trimmed.
func skipReason(lines []string) string {
	reason := ""
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(l, "--- SKIP") {
			reason = l
		}
	}
	return reason
}

// report prints the skips and the closing line, and says whether the run passed.
func report(w io.Writer, s summary, noSkips bool) bool {
	if len(s.skips) > 0 {
		fmt.Fprintf(w, "\nskipped tests:\n")
		for _, sk := range s.skips {
			fmt.Fprintf(w, "  %s\n", sk)
		}
		if noSkips {
			fmt.Fprintf(w, "a skipped test is a failure here (CI): install what it needs in scripts/test\n")
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
	return s.failed == 0 && !(noSkips && s.skipped > 0)
}
