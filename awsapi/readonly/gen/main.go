// Command gen writes awsapi/readonly/table.tsv, the class of every operation of every embedded
// model, for users to audit (run through `go generate ./awsapi/readonly`). With -review it
// prints instead the operations a reviewer should look at: those whose first doc sentence or the
// model's readonly trait disagrees with their class. Decide each one in exceptions.go (or leave
// it, when the name is right) and regenerate.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

func main() {
	out := flag.String("out", readonly.TableFile, "file to write the table to")
	review := flag.Bool("review", false, "print the candidates for review instead of writing the table")
	flag.Parse()

	lib := model.Default()
	if *review {
		cands, err := readonly.Review(lib)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		for _, c := range cands {
			fmt.Printf("%s\t%s\t%s\t%s\t%s\n", c.Service, c.Operation, c.Class, c.Why, c.Doc)
		}
		fmt.Fprintf(os.Stderr, "gen: %d candidates\n", len(cands))
		return
	}
	rows, err := readonly.Table(lib)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	var b bytes.Buffer
	if err := readonly.WriteTable(&b, rows); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	n := readonly.Counts(rows)
	fmt.Printf("gen: %d operations: %d read, %d reveals-secret, %d mutate → %s\n", len(rows),
		n[readonly.Read], n[readonly.RevealsSecret], n[readonly.Mutate], *out)
}
