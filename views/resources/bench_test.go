package resources

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

func ec2Item(i int) any {
	return map[string]any{
		"InstanceId": fmt.Sprintf("i-%017x", i), "InstanceType": "t3.micro", "ImageId": "ami-12c6146b",
		"State":     map[string]any{"Code": int64(16), "Name": "running"},
		"Placement": map[string]any{"AvailabilityZone": "eu-west-1a"}, "PrivateIpAddress": "10.0.0.1",
		"LaunchTime": time.Unix(1700000000+int64(i), 0).UTC(),
		"Tags":       []any{map[string]any{"Key": "Name", "Value": fmt.Sprintf("web-%d", i)}},
	}
}

func ddbItem(i int) any {
	return map[string]any{
		"pk":    map[string]any{"S": fmt.Sprintf("user#%06d", i)},
		"name":  map[string]any{"S": fmt.Sprintf("name %d", i)},
		"score": map[string]any{"N": fmt.Sprint(i % 1000)},
	}
}

// streamPage builds a collection page of typ and streams n items into it in pages of 1,000,
// with the cells computed as the task would.
func streamPage(b *testing.B, typ string, n int, item func(int) any) *collectionPage {
	reg, err := resource.Default()
	if err != nil {
		b.Fatal(err)
	}
	def, ok := reg.Lookup(typ)
	if !ok {
		b.Fatalf("no type %s", typ)
	}
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	pages := NewPages(env, nil, reg, waitboard.New(context.Background()), nil, 0)
	p := newCollectionPage(pages, tui.Session{Region: "eu-west-1"}, def, nil, def.Title)
	p.SetSize(120, 40)
	now := time.Now()
	for start := 0; start < n; start += 1000 {
		items := make([]any, min(1000, n-start))
		for i := range items {
			items[i] = item(start + i)
		}
		msg := listedMsg{Batch: listedBatch{items: items, page: cellsOf(def, items, now)}, More: start+1000 < n}
		p.Update(tui.Result{Owner: p.Tasks(), Gen: 0, Msg: msg})
	}
	if p.Table.Len() != n {
		b.Fatalf("streamed %d rows, want %d", p.Table.Len(), n)
	}
	return p
}

func benchCursor(b *testing.B, p *collectionPage) {
	down, up := tuitest.KeyPress("j"), tuitest.KeyPress("k")
	i := 0
	for b.Loop() {
		k := down
		if i%200 >= 100 {
			k = up
		}
		p.Update(k)
		_ = p.View()
		i++
	}
}

// BenchmarkCursorWhileStreaming measures a cursor move + View with 10,000 EC2 instances and
// 100,000 DynamoDB items in the table (budget: 1 ms), and what one page of 1,000 costs to format
// in the task and to append in Update.
func BenchmarkCursorWhileStreaming(b *testing.B) {
	b.Run("ec2-10k/cursor+view", func(b *testing.B) { benchCursor(b, streamPage(b, "instance", 10_000, ec2Item)) })
	b.Run("dynamodb-100k/cursor+view", func(b *testing.B) {
		benchCursor(b, streamPage(b, "dynamodb-item", 100_000, ddbItem))
	})
	for _, c := range []struct {
		typ  string
		item func(int) any
	}{{"instance", ec2Item}, {"dynamodb-item", ddbItem}} {
		reg, _ := resource.Default()
		def, _ := reg.Lookup(c.typ)
		items := make([]any, 1000)
		for i := range items {
			items[i] = c.item(i)
		}
		b.Run(c.typ+"/format-page-in-task", func(b *testing.B) {
			for b.Loop() {
				cellsOf(def, items, time.Now())
			}
		})
		b.Run(c.typ+"/append-page-in-update", func(b *testing.B) {
			page := cellsOf(def, items, time.Now())
			p := streamPage(b, c.typ, 1000, c.item)
			for b.Loop() {
				p.Update(tui.Result{Owner: p.Tasks(), Gen: 0, Msg: listedMsg{Batch: listedBatch{items: items, page: page}, More: true}})
			}
		})
	}
}
