package invoke

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// sampleInput builds a minimal input for a shape: every required member, filled with a value of
// the right type that passes the model's minimums.
func sampleInput(svc *model.Service, shapeName string, depth int) any {
	return sample(svc, shapeName, depth, false)
}

// fullSampleInput sets every member it can (nesting a few levels deep), to exercise every
// binding: headers, query lists and maps, timestamps, blobs, nested lists and maps.
func fullSampleInput(svc *model.Service, shapeName string) any {
	return sample(svc, shapeName, 0, true)
}

func sample(svc *model.Service, shapeName string, depth int, full bool) any {
	sampleInput := func(svc *model.Service, shapeName string, depth int) any { return sample(svc, shapeName, depth, full) }
	sh := svc.Shapes[shapeName]
	switch sh.Type {
	case "structure":
		if sh.Document {
			return map[string]any{"k": "v"}
		}
		m := map[string]any{}
		if depth > 20 {
			return m
		}
		if sh.Union {
			// One member: a scalar when there is one, so recursive unions (filters with
			// "and" lists of themselves) end.
			names := sortedMembers(sh)
			pick, rank := names[0], 3
			for _, name := range names {
				r := 0 // scalar
				switch svc.Shapes[sh.Members[name].Shape].Type {
				case "structure":
					r = 1
				case "list", "map":
					r = 2
				}
				if r < rank {
					pick, rank = name, r
				}
			}
			m[pick] = sampleInput(svc, sh.Members[pick].Shape, depth+1)
			return m
		}
		names := sh.Required
		if full && depth < 4 {
			names = sortedMembers(sh)
		}
		for _, name := range names {
			ref := sh.Members[name]
			if target := svc.Shapes[ref.Shape]; target.EventStream || full && depth >= 4 && !contains(sh.Required, name) {
				continue
			}
			m[name] = sampleInput(svc, ref.Shape, depth+1)
		}
		return m
	case "list":
		n := 1
		if sh.Min != nil && *sh.Min > 1 {
			n = int(*sh.Min)
		}
		items := make([]any, n)
		for i := range items {
			items[i] = sampleInput(svc, sh.Member.Shape, depth+1)
		}
		return items
	case "map":
		return map[string]any{"key": sampleInput(svc, sh.Value.Shape, depth+1)}
	case "string":
		if len(sh.Enum) > 0 {
			return sh.Enum[0]
		}
		n := 3
		if sh.Min != nil && int(*sh.Min) > n {
			n = int(*sh.Min)
		}
		return strings.Repeat("a", n)
	case "integer", "long", "short", "byte":
		if sh.Min != nil {
			return int64(*sh.Min) + 1
		}
		return int64(1)
	case "float", "double":
		if sh.Min != nil {
			return *sh.Min + 1
		}
		return 1.5
	case "boolean":
		return true
	case "timestamp":
		return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	case "blob":
		return []byte("blob")
	}
	return nil
}

func sortedMembers(sh *model.Shape) []string {
	names := make([]string, 0, len(sh.Members))
	for n := range sh.Members {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestEveryOperationBuildsARequest builds (without sending) a request for every operation of
// every embedded model from a minimal valid input, so no protocol binding, shape type or trait
// combination the models use makes the engine fail or the codecs panic.
func TestEveryOperationBuildsARequest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 18,000 requests")
	}
	services, err := model.Index()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ops, eventStreams := 0, 0
	for _, info := range services {
		svc, err := model.Load(info.Name)
		if err != nil {
			t.Errorf("%s: %v", info.Name, err)
			continue
		}
		inv := New(goldenConfig(&recorder{}), svc, Options{})
		if inv.protocol == "" {
			t.Errorf("%s: no protocol among %v", info.Name, svc.Metadata.Protocols)
			continue
		}
		for _, name := range svc.OperationNames() {
			oi, err := inv.schemas.operation(name)
			if err != nil {
				t.Errorf("%s %s: %v", info.Name, name, err)
				continue
			}
			if oi.eventStream {
				eventStreams++
				continue
			}
			var input map[string]any
			if oi.op.Input != nil {
				input, _ = sampleInput(svc, oi.op.Input.Shape, 0).(map[string]any)
			}
			if _, _, _, err := inv.buildRequest(ctx, oi, input); err != nil {
				t.Errorf("%s %s: %v", info.Name, name, err)
				continue
			}
			ops++
		}
	}
	t.Logf("%d services, %d requests built, %d event-stream operations skipped", len(services), ops, eventStreams)
	if ops < 18000 {
		t.Errorf("only %d operations built a request", ops)
	}
}

func TestEventStreamOperationsAreRefused(t *testing.T) {
	rec := &recorder{}
	inv := New(goldenConfig(rec), loadModel(t, "kinesis"), Options{})
	_, err := inv.Call(context.Background(), "SubscribeToShard", map[string]any{"ConsumerARN": "arn:aws:kinesis:us-west-2:1:stream/s/consumer/c:1",
		"ShardId": "shardId-0", "StartingPosition": map[string]any{"Type": "LATEST"}})
	if err == nil || !strings.Contains(err.Error(), "event stream") || rec.count() != 0 {
		t.Fatalf("SubscribeToShard: %v (%d requests sent)", err, rec.count())
	}
}
