package resource_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/awsapi/resource/resourcetest"
)

func generic(t *testing.T, service, op string) *resource.Def {
	t.Helper()
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := model.Default().Load(service)
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.Generic(svc, op)
	if err != nil {
		t.Fatalf("Generic(%s, %s): %v", service, op, err)
	}
	return d
}

func TestGenericShapes(t *testing.T) {
	sqs := generic(t, "sqs", "ListQueues")
	if sqs.List.Items != "QueueUrls" || sqs.Identifier != "@" || len(sqs.Columns) != 1 || sqs.ID("https://q/x") != "https://q/x" {
		t.Errorf("sqs ListQueues: %+v", sqs)
	}
	users := generic(t, "iam", "list-users")
	if users.List.Operation != "ListUsers" || users.List.Items != "Users" || users.Identifier != "UserName" || users.ARN != "Arn" {
		t.Errorf("iam ListUsers: items %q identifier %q arn %q", users.List.Items, users.Identifier, users.ARN)
	}
	var titles []string
	formats := map[string]string{}
	for _, c := range users.Columns {
		titles = append(titles, c.Title)
		formats[c.Path] = c.Format
	}
	if titles[0] != "USER NAME" || formats["CreateDate"] != "ago" || len(titles) > 8 {
		t.Errorf("iam ListUsers columns: %v %v", titles, formats)
	}
	tables := generic(t, "dynamodb", "ListTables")
	if tables.List.Items != "TableNames" || tables.Identifier != "@" || tables.Title != "table names" {
		t.Errorf("dynamodb ListTables: %+v", tables)
	}
	vols := generic(t, "ec2", "DescribeVolumes")
	if vols.Identifier != "VolumeId" {
		t.Errorf("ec2 DescribeVolumes identifier = %q, want VolumeId", vols.Identifier)
	}
	for _, bad := range []string{"GetQueueUrl", "SendMessage", "NoSuchOperation"} {
		r, _ := resource.Default()
		svc, _ := model.Default().Load("sqs")
		if _, err := r.Generic(svc, bad); err == nil {
			t.Errorf("Generic(sqs, %s): no error", bad)
		}
	}
}

func TestGenericAgainstMoto(t *testing.T) {
	env := resourcetest.New(t)
	suffix := fmt.Sprint(time.Now().UnixNano())
	queue := "gen-q-" + suffix
	user := "gen-user-" + suffix
	table := "gen-table-" + suffix
	env.Seed("sqs", "CreateQueue", map[string]any{"QueueName": queue})
	env.Seed("iam", "CreateUser", map[string]any{"UserName": user})
	env.Seed("dynamodb", "CreateTable", map[string]any{
		"TableName":            table,
		"AttributeDefinitions": []any{map[string]any{"AttributeName": "pk", "AttributeType": "S"}},
		"KeySchema":            []any{map[string]any{"AttributeName": "pk", "KeyType": "HASH"}},
		"BillingMode":          "PAY_PER_REQUEST",
	})
	for _, c := range []struct{ service, op, wantSuffix string }{
		{"sqs", "ListQueues", "/" + queue},
		{"iam", "ListUsers", user},
		{"dynamodb", "ListTables", table},
	} {
		d := generic(t, c.service, c.op)
		found := false
		for _, row := range env.List(d, nil) {
			id := d.ID(row.Item)
			if len(id) >= len(c.wantSuffix) && id[len(id)-len(c.wantSuffix):] == c.wantSuffix {
				found = true
				cells := d.Cells(row.Item, time.Now())
				if cells[0].Text != id {
					t.Errorf("%s %s: first cell %q, want the id %q", c.service, c.op, cells[0].Text, id)
				}
			}
		}
		if !found {
			t.Errorf("%s %s: %s not listed", c.service, c.op, c.wantSuffix)
		}
	}
	// A page size reaches the request. moto 5.2 answers ListQueues whole whatever MaxResults
	// says, so the request is what is checked, not the number of queues that came back.
	d := generic(t, "sqs", "ListQueues")
	rec := &recordingCaller{Caller: env.Caller("sqs")}
	l := d.NewLister(rec, env.Service("sqs"), map[string]any{"QueueNamePrefix": "gen-q-"}, 1)
	items, _, err := l.Next(context.Background())
	if err != nil || len(items) == 0 {
		t.Errorf("first page of 1: %v, %v", items, err)
	}
	if in := rec.inputs(); len(in) != 1 || in[0]["MaxResults"] != 1 || in[0]["QueueNamePrefix"] != "gen-q-" {
		t.Errorf("ListQueues sent %v, want MaxResults 1 and the prefix", in)
	}
}

// recordingCaller records the input of every ListQueues call it passes on.
type recordingCaller struct {
	resource.Caller
	mu   sync.Mutex
	seen []map[string]any
}

func (r *recordingCaller) Call(ctx context.Context, op string, in map[string]any) (map[string]any, error) {
	if op == "ListQueues" {
		r.mu.Lock()
		r.seen = append(r.seen, maps.Clone(in))
		r.mu.Unlock()
	}
	return r.Caller.Call(ctx, op, in)
}

func (r *recordingCaller) inputs() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seen)
}

// TestListerPagesToTheEnd lists with a page size of one queue and checks the end of the listing
// and that every ListQueues request carries the page size (moto 5.2 ignores it and answers whole).
func TestListerPagesToTheEnd(t *testing.T) {
	env := resourcetest.New(t)
	prefix := fmt.Sprintf("pages-%d-", time.Now().UnixNano())
	for i := 0; i < 3; i++ {
		env.Seed("sqs", "CreateQueue", map[string]any{"QueueName": fmt.Sprint(prefix, i)})
	}
	d := env.Def("sqs")
	rec := &recordingCaller{Caller: env.Caller("sqs")}
	l := d.NewLister(rec, env.Service("sqs"), d.ListInput(map[string]any{"QueueNamePrefix": prefix}), 1)
	ctx := context.Background()
	var got []string
	for page := 1; ; page++ {
		items, more, err := l.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			got = append(got, d.DisplayName(it))
		}
		if !more {
			break
		}
		if page > 5 {
			t.Fatal("more pages than queues")
		}
	}
	if len(got) != 3 || got[0] != prefix+"0" || got[2] != prefix+"2" {
		t.Errorf("queues listed: %v", got)
	}
	if items, more, err := l.Next(ctx); items != nil || more || err != nil {
		t.Errorf("Next after the end = %v, %v, %v", items, more, err)
	}
	if len(rec.inputs()) == 0 {
		t.Error("no ListQueues call recorded")
	}
	for _, in := range rec.inputs() {
		if in["MaxResults"] != 1 {
			t.Errorf("ListQueues sent %v, want MaxResults 1", in)
		}
	}
}

// TestDescribeNotFound loads a resource the service does not return.
func TestDescribeNotFound(t *testing.T) {
	env := resourcetest.New(t)
	d := &resource.Def{
		Type: "volume-by-filter", Service: "ec2", Identifier: "VolumeId",
		List: resource.List{Operation: "DescribeVolumes", Items: "Volumes"},
		Load: &resource.Load{Operation: "DescribeVolumes", Path: "Volumes[0]",
			Input: map[string]any{"Filters": []any{map[string]any{"Name": "volume-id", "Values": []any{"{id}"}}}}},
	}
	if err := d.Compile(); err != nil {
		t.Fatal(err)
	}
	_, err := d.Describe(context.Background(), env.Caller("ec2"), resource.Row{Item: map[string]any{"VolumeId": "vol-0000000000000dead"}})
	if !errors.Is(err, resource.ErrNotFound) || !strings.Contains(err.Error(), "vol-0000000000000dead") {
		t.Errorf("Describe of a missing volume: %v", err)
	}
	// Without Load, Describe is the item itself.
	d.Load = nil
	item := map[string]any{"VolumeId": "vol-1"}
	if got, err := d.Describe(context.Background(), env.Caller("ec2"), resource.Row{Item: item}); err != nil || got.(map[string]any)["VolumeId"] != "vol-1" {
		t.Errorf("Describe without Load = %v, %v", got, err)
	}
}

// TestDefsAreSafeForConcurrentUse evaluates one Def from several goroutines (run with -race).
func TestDefsAreSafeForConcurrentUse(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	d, _ := r.Lookup("instance")
	a := resource.Action{Name: "x", Input: map[string]any{"A": "{item:Tags[0].Key}", "B": "{item:Placement}"}}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				item := instanceItem(i)
				d.Cells(item, time.Now())
				if _, err := a.Inputs(d, []resource.Row{{Item: item}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
