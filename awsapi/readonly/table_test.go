package readonly

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// TestTableInStep regenerates table.tsv from the models and the exceptions and compares it with
// the committed file: a model refresh, a new naming rule or an added, changed or deleted exception
// all show up here (run `go generate ./awsapi/readonly` and review the diff).
func TestTableInStep(t *testing.T) {
	rows, err := Table(model.Default())
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := WriteTable(&got, rows); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(TableFile)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got.Bytes(), want) {
		return
	}
	g, w := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
	shown := 0
	for i := 0; i < max(len(g), len(w)) && shown < 10; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Errorf("line %d:\n  table.tsv: %s\n  now:       %s", i+1, wl, gl)
			shown++
		}
	}
	t.Fatalf("%s is out of step with the models or exceptions.go: run `go generate ./awsapi/readonly` and review the diff", TableFile)
}

// TestExceptionsInTable reads the committed table: every operation of the models is there, and
// every exception's operation with the class and reason (or condition) it gives.
func TestExceptionsInTable(t *testing.T) {
	data, err := os.ReadFile(TableFile)
	if err != nil {
		t.Fatal(err)
	}
	table := map[string][]string{}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for _, line := range lines {
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "service\t") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			t.Fatalf("malformed line %q", line)
		}
		table[f[0]+"."+f[1]] = f
	}
	if len(table) < 18000 {
		t.Errorf("table has %d operations, want every operation of every model (≈18,378)", len(table))
	}
	for _, e := range exceptions {
		f, ok := table[e.Service+"."+e.Operation]
		if !ok {
			t.Errorf("%s %s: not in %s", e.Service, e.Operation, TableFile)
			continue
		}
		if e.When == "" {
			if f[2] != e.Class.String() || f[3] != e.Reason {
				t.Errorf("%s %s: table says %s (%s), exception says %s (%s)", e.Service, e.Operation, f[2], f[3], e.Class, e.Reason)
			}
		} else if !strings.Contains(f[4], e.When+"=true: "+e.Class.String()) {
			t.Errorf("%s %s: table's conditions %q lack %s=true: %s", e.Service, e.Operation, f[4], e.When, e.Class)
		}
	}
}

// TestExceptionsAreNeeded keeps the list honest in both directions: every entry names a real
// operation (and a real boolean member), and every entry changes the outcome — so deleting one
// changes the table, and an entry that repeats the naming rule is refused as noise.
func TestExceptionsAreNeeded(t *testing.T) {
	lib := model.Default()
	type key struct{ service, op, when string }
	seen := map[key]bool{}
	for _, e := range exceptions {
		name := e.Service + " " + e.Operation
		if e.Reason == "" {
			t.Errorf("%s: no reason", name)
		}
		k := key{e.Service, e.Operation, e.When}
		if seen[k] {
			t.Errorf("%s (when %q): listed twice", name, e.When)
		}
		seen[k] = true
		svc, err := lib.Load(e.Service)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if _, ok := svc.Operation(e.Operation); !ok {
			t.Errorf("%s: no such operation in the model", name)
			continue
		}
		if e.When == "" {
			if rule := ruleDecision(e.Operation); rule.Class == e.Class {
				t.Errorf("%s: the naming rule already gives %s; delete the exception", name, e.Class)
			}
			continue
		}
		in, err := svc.InputShape(e.Operation)
		if err != nil || in == nil || in.Members[e.When] == nil {
			t.Errorf("%s: input has no member %s", name, e.When)
			continue
		}
		if sh := svc.Shape(in.Members[e.When].Shape); sh == nil || sh.Type != "boolean" {
			t.Errorf("%s: member %s is not a boolean", name, e.When)
		}
		if base := baseDecision(e.Service, e.Operation, exceptionsFor(e.Service, e.Operation)); base.Class == e.Class {
			t.Errorf("%s: with %s the class is %s, as without it; delete the condition", name, e.When, e.Class)
		}
		// Both directions: the condition decides with the member true, and only then.
		if got := Classify(e.Service, e.Operation, map[string]any{e.When: true}).Class; got != e.Class {
			t.Errorf("%s with %s=true: %s, want %s", name, e.When, got, e.Class)
		}
		if got := Classify(e.Service, e.Operation, map[string]any{e.When: false}).Class; got == e.Class {
			t.Errorf("%s with %s=false: %s, the condition's class", name, e.When, got)
		}
	}
}

// The counts in the closing note come from here.
func TestTableCounts(t *testing.T) {
	rows, err := Table(model.Default())
	if err != nil {
		t.Fatal(err)
	}
	n := Counts(rows)
	t.Logf("%d operations: %d read, %d reveals-secret, %d mutate", len(rows), n[Read], n[RevealsSecret], n[Mutate])
	if n[Read]+n[RevealsSecret]+n[Mutate] != len(rows) || n[RevealsSecret] == 0 {
		t.Errorf("counts %v do not add up to %d rows", n, len(rows))
	}
}
