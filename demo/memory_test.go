package demo_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/nimbus-tui/nimbus/demo"
	"github.com/nimbus-tui/nimbus/demo/world"
)

// The whole world — the 100,000-key bucket, every account and region built, the models of the
// services it holds loaded — stays within 300 MB of heap.
func TestWorldMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the 100,000-key bucket")
	}
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	srv, err := demo.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	<-srv.Seeded()
	if err := srv.SeedErr(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, a := range world.Accounts() {
		for _, region := range world.Regions {
			for _, c := range []struct{ service, op string }{
				{"ec2", "DescribeInstances"}, {"dynamodb", "ListTables"}, {"sqs", "ListQueues"}, {"logs", "DescribeLogGroups"},
				{"lambda", "ListFunctions"}, {"cloudformation", "DescribeStacks"}, {"iam", "ListUsers"}, {"sts", "GetCallerIdentity"},
			} {
				if _, err := caller(t, srv, a, region, c.service).Call(ctx, c.op, nil); err != nil {
					t.Fatalf("%s %s: %v", c.service, c.op, err)
				}
			}
		}
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("the demo world holds %d MB of heap (%d MB in use by the process, %d MB from the OS)", heap>>20, after.HeapInuse>>20, after.Sys>>20)
	if heap > 300<<20 {
		t.Errorf("the demo world takes %d MB, over 300 MB", heap>>20)
	}
}
