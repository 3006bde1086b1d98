package resource_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

// BenchmarkHydratedPage measures one listed page of 20 items against moto, as listed and
// hydrated: ECS clusters (one DescribeClusters for the page) and DynamoDB tables (20
// DescribeTable calls, 8 at once). Run alone (-run '^$') so the page holds only these items.
func BenchmarkHydratedPage(b *testing.B) {
	env := resourcetest.New(b)
	const n = 20
	for i := range n {
		env.Seed("ecs", "CreateCluster", map[string]any{"clusterName": fmt.Sprintf("bench-%d-%s", i, defName("c"))})
		dynamodbTable(env, 0)
	}
	for _, typ := range []string{"ecs-cluster", "dynamodb-table"} {
		hydrated := env.Def(typ)
		listed := *hydrated
		listed.List.Hydrate = nil
		if err := listed.Compile(); err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct {
			name string
			def  *resource.Def
		}{{"listed", &listed}, {"hydrated", hydrated}} {
			b.Run(typ+"/"+c.name, func(b *testing.B) {
				caller, svc := env.Caller(c.def.Service), env.Service(c.def.Service)
				in := c.def.ListInput(nil)
				b.ReportAllocs()
				for b.Loop() {
					items, _, err := c.def.NewLister(caller, svc, in, 0).Next(context.Background())
					if err != nil || len(items) < n {
						b.Fatalf("%d items, %v", len(items), err)
					}
				}
			})
		}
	}
}
