package main

import (
	"strings"
	"testing"
)

// events is a small `go test -json` stream: one pass, one fail, one skip, one package line.
const events = `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: wrong answer\n"}
{"Action":"output","Package":"p","Test":"TestB","Output":"--- FAIL: TestB (0.00s)\n"}
{"Action":"fail","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestC","Output":"    c_test.go:3: aws is needed\n"}
{"Action":"output","Package":"p","Test":"TestC","Output":"--- SKIP: TestC (0.00s)\n"}
{"Action":"skip","Package":"p","Test":"TestC"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}
{"Action":"fail","Package":"p"}
`

func TestSummary(t *testing.T) {
	var out strings.Builder
	s, err := summarize(strings.NewReader(events), &out)
	if err != nil {
		t.Fatal(err)
	}
	if s.passed != 1 || s.failed != 1 || s.skipped != 1 {
		t.Fatalf("counted %+v", s)
	}
	got := out.String()
	for _, want := range []string{"b_test.go:9: wrong answer", "FAIL\tp\t0.01s"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestA") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
	if len(s.skips) != 1 || s.skips[0] != "p TestC: c_test.go:3: aws is needed" {
		t.Errorf("skips %q", s.skips)
	}
}

func TestSkipsFailOnlyWithNoSkips(t *testing.T) {
	s := summary{passed: 3, skipped: 1, skips: []string{"p TestC: aws is needed"}}
	var out strings.Builder
	if !report(&out, s, false) {
		t.Error("a skip failed the run without -no-skips")
	}
	if report(&out, s, true) {
		t.Error("a skip passed the run with -no-skips")
	}
	if !strings.Contains(out.String(), "3 passed, 0 failed, 1 skipped") {
		t.Errorf("closing line missing:\n%s", out.String())
	}
	if report(&out, summary{passed: 1, failed: 1}, false) {
		t.Error("a failure passed the run")
	}
}
