package paginate

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

func loadService(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func TestPageSizeIsSentInTheLimitKeyType(t *testing.T) {
	route53, s3 := loadService(t, "route53"), loadService(t, "s3")
	recordsDef, _ := route53.Paginator("ListResourceRecordSets")
	objectsDef, _ := s3.Paginator("ListObjectsV2")
	cases := map[string]struct {
		operation string
		def       *model.Paginator
		svc       *model.Service
		key       string
		want      any
	}{
		// Route 53's MaxItems is a string shape: botocore sends str(page_size).
		"string limit key":  {"ListResourceRecordSets", recordsDef, route53, "MaxItems", "2"},
		"integer limit key": {"ListObjectsV2", objectsDef, s3, "MaxKeys", 2},
		"no model":          {"ListObjectsV2", objectsDef, nil, "MaxKeys", 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			caller := scripted(c.operation, map[string]any{})
			if _, err := New(caller, c.operation, c.def, nil, Options{PageSize: 2, Service: c.svc}).Next(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := caller.calls()[0][c.key]
			if got != c.want {
				t.Fatalf("%s sent as %#v (%T), want %#v (%T)", c.key, got, got, c.want, c.want)
			}
		})
	}
}

func TestLimitKeyMissingFromTheModel(t *testing.T) {
	def := &model.Paginator{InputToken: []string{"NextToken"}, OutputToken: []string{"NextToken"}, LimitKey: "PageLimit"}
	for name, op := range map[string]string{"no such member": "ListObjectsV2", "no such operation": "ListThings"} {
		t.Run(name, func(t *testing.T) {
			caller := scripted(op)
			_, err := New(caller, op, def, nil, Options{PageSize: 2, Service: loadService(t, "s3")}).Next(context.Background())
			if err == nil || !strings.Contains(err.Error(), "PageLimit") {
				t.Fatalf("error %v, want it to name the limit key", err)
			}
			if len(caller.calls()) != 0 {
				t.Fatal("a configuration error must stop before any request")
			}
		})
	}
}

// invokeCaller adapts the generic invoker to Caller.
type invokeCaller struct{ inv *invoke.Invoker }

func (c invokeCaller) Call(ctx context.Context, op string, in map[string]any) (map[string]any, error) {
	return c.inv.Call(ctx, op, in)
}

func TestRoute53RecordsOnePerPageOverMoto(t *testing.T) {
	srv := motoserver.StartShared(t)
	cfg := srv.AWSConfig("us-east-1")
	cfg.HTTPClient = http.DefaultClient
	svc := loadService(t, "route53")
	inv := invokeCaller{invoke.New(cfg, svc, invoke.Options{})}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	zone := fmt.Sprintf("paginate-%d.example.com.", time.Now().UnixNano())
	out, err := inv.Call(ctx, "CreateHostedZone", map[string]any{"Name": zone, "CallerReference": zone})
	if err != nil {
		t.Fatal(err)
	}
	zoneID := strings.TrimPrefix(out["HostedZone"].(map[string]any)["Id"].(string), "/hostedzone/")
	var changes []any
	for _, host := range []string{"a", "b", "c"} {
		changes = append(changes, map[string]any{"Action": "CREATE", "ResourceRecordSet": map[string]any{
			"Name": host + "." + zone, "Type": "A", "TTL": 60, "ResourceRecords": []any{map[string]any{"Value": "192.0.2.1"}}}})
	}
	if _, err := inv.Call(ctx, "ChangeResourceRecordSets", map[string]any{"HostedZoneId": zoneID,
		"ChangeBatch": map[string]any{"Changes": changes}}); err != nil {
		t.Fatal(err)
	}

	def, _ := svc.Paginator("ListResourceRecordSets")
	input := map[string]any{"HostedZoneId": zoneID}
	all := drain(t, New(inv, "ListResourceRecordSets", def, input, Options{Service: svc}))
	paged := drain(t, New(inv, "ListResourceRecordSets", def, input, Options{PageSize: 1, Service: svc}))
	names := func(pages []Page) []string {
		var out []string
		for _, it := range itemValues(pages, "ResourceRecordSets") {
			rr := it.(map[string]any)
			out = append(out, fmt.Sprint(rr["Name"], " ", rr["Type"]))
		}
		return out
	}
	want := names(all)
	if len(want) < 5 { // NS, SOA and the three A records
		t.Fatalf("the zone lists %v, want NS, SOA and 3 A records", want)
	}
	if got := names(paged); !slices.Equal(got, want) {
		t.Errorf("one record a page listed %v\nall at once %v", got, want)
	}
	if len(paged) != len(want) {
		t.Errorf("%d pages for %d records at page size 1", len(paged), len(want))
	}
	// A limit and a resume at page size 1 carry the three tokens (name, type, set id) over.
	first := drain(t, New(inv, "ListResourceRecordSets", def, input, Options{PageSize: 1, Limit: 2, Service: svc}))
	rest := drain(t, New(inv, "ListResourceRecordSets", def, input,
		Options{PageSize: 1, StartingToken: first[len(first)-1].NextToken, Service: svc}))
	if got := append(names(first), names(rest)...); !slices.Equal(got, want) {
		t.Errorf("limit 2 then resume listed %v\nwant %v", got, want)
	}
}
