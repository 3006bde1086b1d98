package resources

import (
	tea "charm.land/bubbletea/v2"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/tui/tuitest"
	"github.com/nimbus-tui/nimbus/views/waitboard"
)

// columnsNow is the clock the fixtures' ages are shown against.
var columnsNow = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

// fixturePage is a collection page of typ showing items, at width × height, as the app lays it out.
func fixturePage(t *testing.T, typ string, items []any, width, height int) *collectionPage {
	t.Helper()
	reg, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	def, ok := reg.Lookup(typ)
	if !ok {
		t.Fatalf("no type %s", typ)
	}
	env := tui.Env{Ctx: context.Background(), Keys: keymap.Default(), Styles: tui.NewStyles(true)}
	pages := NewPages(env, nil, reg, waitboard.New(context.Background()), nil, 0)
	p := newCollectionPage(pages, tui.Session{Region: "us-east-1"}, def, nil, def.Title)
	p.SetSize(width, height)
	msg := listedMsg{Batch: listedBatch{items: items, page: cellsOf(def, items, columnsNow)}}
	p.Update(tui.Result{Owner: p.Tasks(), Gen: 0, Msg: msg})
	if p.Table.Len() != len(items) {
		t.Fatalf("%d rows shown, want %d", p.Table.Len(), len(items))
	}
	return p
}

func tag(name string) []any { return []any{map[string]any{"Key": "Name", "Value": name}} }

func instanceFixtures() []any {
	names := []string{"batch-worker-7", "web-frontend-blue", "db-migrator", "bastion"}
	types := []string{"t3.medium", "m5.2xlarge", "c6i.large", "t3.micro"}
	states := []string{"running", "stopped", "pending", "running"}
	var out []any
	for i, n := range names {
		it := map[string]any{
			"InstanceId": fmt.Sprintf("i-0%016x", 0x1234567890abcdef+i), "InstanceType": types[i],
			"State":            map[string]any{"Name": states[i]},
			"Placement":        map[string]any{"AvailabilityZone": "us-east-1" + string(rune('a'+i%3))},
			"PrivateIpAddress": fmt.Sprintf("10.0.%d.%d", 10+i, 100+i),
			"LaunchTime":       columnsNow.Add(-time.Duration(i+1) * 26 * time.Hour),
			"Tags":             tag(n),
		}
		if states[i] == "running" {
			it["PublicIpAddress"] = fmt.Sprintf("54.210.%d.%d", i, 20+i)
		}
		out = append(out, it)
	}
	return out
}

func subnetFixtures() []any {
	var out []any
	for i, n := range []string{"private-a", "private-b", "public-a", "public-b"} {
		out = append(out, map[string]any{
			"SubnetId": fmt.Sprintf("subnet-0%016x", 0x0abcdef012345678+i), "State": "available",
			"VpcId": "vpc-0f1e2d3c4b5a69788", "AvailabilityZone": "us-east-1" + string(rune('a'+i%2)),
			"CidrBlock": fmt.Sprintf("10.0.%d.0/24", 16*i), "AvailableIpAddressCount": int64(251 - i),
			"DefaultForAz": false, "Tags": tag(n),
		})
	}
	return out
}

func dbFixtures() []any {
	var out []any
	for i, id := range []string{"orders-db-primary", "orders-db-replica-1", "analytics"} {
		out = append(out, map[string]any{
			"DBInstanceIdentifier": id, "DBInstanceStatus": []string{"available", "modifying", "stopped"}[i],
			"Engine": []string{"aurora-postgresql", "aurora-postgresql", "mysql"}[i], "EngineVersion": "15.4",
			"DBInstanceClass":  []string{"db.r6g.xlarge", "db.r6g.large", "db.t3.medium"}[i],
			"AvailabilityZone": "us-east-1a", "MultiAZ": i == 0, "AllocatedStorage": int64(100 * (i + 1)),
			"Endpoint":           map[string]any{"Address": id + ".c9akciq32.us-east-1.rds.amazonaws.com", "Port": int64(5432)},
			"InstanceCreateTime": columnsNow.Add(-time.Duration(i+2) * 24 * time.Hour),
		})
	}
	return out
}

// Issue 8 #8: at 80×24 cells shrank to "batc…", "t3.m…", "us-ea…", and even at 120 columns
// :subnet cut the subnet and VPC ids and :rds the engine and the class. Now nothing is cut: the
// least important columns are hidden, and the header says how many.
func TestColumnsAreHiddenNotCut(t *testing.T) {
	cases := []struct {
		typ   string
		items []any
		whole []string // values that must be shown in full
	}{
		{"instance", instanceFixtures(), []string{"i-01234567890abcdef", "batch-worker-7", "t3.medium", "m5.2xlarge"}},
		{"subnet", subnetFixtures(), []string{"subnet-00abcdef012345678", "vpc-0f1e2d3c4b5a69788"}},
		{"db-instance", dbFixtures(), []string{"orders-db-replica-1", "aurora-postgresql", "db.r6g.xlarge"}},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 24}, {120, 35}} {
			name := fmt.Sprintf("%s_%dx%d", c.typ, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				screen := ansi.Strip(fixturePage(t, c.typ, c.items, size[0], size[1]).View())
				tuitest.Golden(t, "columns_"+name, screen)
				if strings.Contains(screen, "…") {
					t.Errorf("a cell is cut:\n%s", screen)
				}
				for _, w := range c.whole {
					if !strings.Contains(screen, w) {
						t.Errorf("%q is not shown whole:\n%s", w, screen)
					}
				}
			})
		}
	}
}

// column returns the index of the column titled title.
func column(t *testing.T, p *collectionPage, title string) int {
	t.Helper()
	for c, col := range p.Table.Columns() {
		if col.Title == title {
			return c
		}
	}
	t.Fatalf("no column %s", title)
	return -1
}

// shown is column c of the visible rows, top to bottom.
func shown(p *collectionPage, c int) []string {
	var out []string
	for i := range p.Table.VisibleLen() {
		out = append(out, p.Table.Cell(p.Table.VisibleRow(i), c))
	}
	return out
}

// settle runs cmd and what follows from it through the page, as Bubble Tea would.
func settle(p *collectionPage, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			settle(p, c)
		}
	case nil:
	default:
		settle(p, p.Update(msg))
	}
}

// Issue 8 #18: s on STATE sorted by the mark drawn before the state ("○ stopped" before
// "● running" before "◐ pending"), and LAUNCHED ↑ read "4d ago, 3d ago, 2d ago". States sort along
// the lifecycle, ages as they read; shift+letter reaches a column at once.
func TestSortFollowsWhatTheColumnShows(t *testing.T) {
	p := fixturePage(t, "instance", instanceFixtures(), 160, 10)
	state := column(t, p, "STATE")
	if cmd := p.Table.SetSort(state, false); cmd != nil {
		p.Table.Update(cmd())
	}
	if got := strings.Join(shown(p, state), ","); got != "◐ pending,● running,● running,○ stopped" {
		t.Errorf("STATE ↑: %s", got)
	}
	settle(p, p.Update(tuitest.KeyPress("L")))
	launched := column(t, p, "LAUNCHED")
	if col, desc := p.Table.SortColumn(); col != launched || desc {
		t.Fatalf("L sorted by column %d desc=%v, want LAUNCHED (%d) ascending", col, desc, launched)
	}
	if got := strings.Join(shown(p, launched), ","); got != "1d ago,2d ago,3d ago,4d ago" {
		t.Errorf("LAUNCHED ↑: %s", got)
	}
	if h := strings.SplitN(ansi.Strip(p.View()), "\n", 2)[0]; !strings.Contains(h, "LAUNCHED ↑") {
		t.Errorf("header %q", h)
	}
	settle(p, p.Update(tuitest.KeyPress("L")))
	if got := strings.Join(shown(p, launched), ","); got != "4d ago,3d ago,2d ago,1d ago" {
		t.Errorf("LAUNCHED ↓: %s", got)
	}
}
