package model

import (
	"errors"
	"io/fs"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
)

// The totals of the embedded data, from botocore 1.43.11. Update them when the data is
// regenerated from a newer botocore (the generator prints them).
const (
	wantBotocore   = "1.43.11"
	wantServices   = 424
	wantOperations = 18378
	wantPaginators = 3112
	wantWaiters    = 363
)

func TestIndexTotals(t *testing.T) {
	idx, err := Index()
	if err != nil {
		t.Fatal(err)
	}
	ops, pags, waiters := 0, 0, 0
	for i, s := range idx {
		ops += s.Operations
		pags += s.Paginators
		waiters += s.Waiters
		if i > 0 && idx[i-1].Name >= s.Name {
			t.Errorf("index not sorted: %s before %s", idx[i-1].Name, s.Name)
		}
		if s.Protocol == "" || s.ServiceID == "" || s.EndpointPrefix == "" {
			t.Errorf("%s: incomplete index line %+v", s.Name, s)
		}
	}
	if len(idx) != wantServices || ops != wantOperations || pags != wantPaginators || waiters != wantWaiters {
		t.Errorf("embedded: %d services, %d operations, %d paginators, %d waiters; want %d, %d, %d, %d",
			len(idx), ops, pags, waiters, wantServices, wantOperations, wantPaginators, wantWaiters)
	}
	if v, _ := Default().BotocoreVersion(); v != wantBotocore {
		t.Errorf("botocore version %q, want %q", v, wantBotocore)
	}
}

// TestEveryServiceLoads parses all 424 models and checks each against its index line.
func TestEveryServiceLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("parses every model")
	}
	lib := newEmbeddedLibrary()
	idx, err := lib.Index()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range idx {
		svc, err := lib.Load(info.Name)
		if err != nil {
			t.Errorf("%s: %v", info.Name, err)
			continue
		}
		if svc.Name != info.Name || len(svc.Operations) != info.Operations || len(svc.Paginators) != info.Paginators ||
			len(svc.Waiters) != info.Waiters || svc.Metadata.Protocol != info.Protocol {
			t.Errorf("%s: model disagrees with its index line %+v", info.Name, info)
		}
		for name, op := range svc.Operations {
			if op.Name != name {
				t.Errorf("%s: operation %s is named %q", info.Name, name, op.Name)
			}
			if op.Input != nil && svc.Shapes[op.Input.Shape] == nil {
				t.Errorf("%s %s: input shape %s missing", info.Name, name, op.Input.Shape)
			}
		}
		for name, sh := range svc.Shapes {
			if len(sh.MemberOrder) != len(sh.Members) {
				t.Errorf("%s %s: %d ordered names for %d members", info.Name, name, len(sh.MemberOrder), len(sh.Members))
			}
		}
		for op := range svc.Paginators {
			if svc.Operations[op] == nil {
				t.Errorf("%s: paginator for unknown operation %s", info.Name, op)
			}
		}
		for name, w := range svc.Waiters {
			if svc.Operations[w.Operation] == nil {
				t.Errorf("%s: waiter %s polls unknown operation %s", info.Name, name, w.Operation)
			}
		}
	}
}

func newEmbeddedLibrary() *Library {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err)
	}
	return NewLibrary(sub)
}

func TestResolveSpellings(t *testing.T) {
	cases := map[string]string{
		"s3":                        "s3",
		"s3api":                     "s3",
		"S3API":                     "s3",
		"DynamoDB":                  "dynamodb",
		"dynamodb":                  "dynamodb",
		"Cost Explorer":             "ce",
		"cost-explorer":             "ce",
		"configservice":             "config",
		"deploy":                    "codedeploy",
		"runtime.sagemaker":         "sagemaker-runtime",
		"SSO OIDC":                  "sso-oidc",
		"CloudWatch Logs":           "logs",
		"Secrets Manager":           "secretsmanager",
		" ec2 ":                     "ec2",
		"elbv2":                     "elbv2",
		"Elastic Load Balancing v2": "elbv2",
	}
	lib := Default()
	for in, want := range cases {
		got, err := lib.Resolve(in)
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestUnknownServiceSuggests(t *testing.T) {
	_, err := Load("dynamo")
	var unknown *UnknownServiceError
	if !errors.As(err, &unknown) || !errors.Is(err, ErrUnknownService) {
		t.Fatalf("Load(dynamo) error = %v, want an UnknownServiceError", err)
	}
	if len(unknown.Suggestions) == 0 || unknown.Suggestions[0] != "dynamodb" {
		t.Errorf("suggestions for dynamo = %v, want dynamodb first", unknown.Suggestions)
	}
	if got := Default().Suggest("lamda", 3); !slices.Contains(got, "lambda") {
		t.Errorf("suggestions for lamda = %v, want lambda among them", got)
	}
	if got := Default().Suggest("zzzzzzzzzzzz", 3); len(got) != 0 {
		t.Errorf("suggestions for nonsense = %v, want none", got)
	}
	seen := map[string]bool{}
	for _, s := range Default().Suggest("dynamodb", 5) {
		if seen[s] {
			t.Errorf("suggestion %s repeated", s)
		}
		seen[s] = true
	}
}

func TestLoadIsCachedAndConcurrencySafe(t *testing.T) {
	lib := newEmbeddedLibrary()
	var wg sync.WaitGroup
	got := make([]*Service, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "sts"
			if i%2 == 1 {
				name = "STS" // another spelling must share the cache entry
			}
			svc, err := lib.Load(name)
			if err != nil {
				t.Error(err)
			}
			got[i] = svc
		}()
	}
	wg.Wait()
	for _, s := range got[1:] {
		if s != got[0] {
			t.Fatal("concurrent loads of one service returned different models")
		}
	}
}

func TestLoadReportsBadData(t *testing.T) {
	lib := NewLibrary(fstest.MapFS{})
	if _, err := lib.Index(); err == nil {
		t.Fatal("Index over an empty directory succeeded")
	}
	if _, err := lib.Load("s3"); err == nil {
		t.Fatal("Load over an empty directory succeeded")
	}
}

// Loading a service by its botocore name reads that one file: no index, no other model.
func TestLoadByNameReadsOneFile(t *testing.T) {
	src := newEmbeddedLibrary()
	data, err := fs.ReadFile(src.fsys, "sts.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	lib := NewLibrary(fstest.MapFS{"sts.json.gz": {Data: data}})
	svc, err := lib.Load("STS")
	if err != nil {
		t.Fatalf("Load without an index: %v", err)
	}
	if _, ok := svc.Operation("get-caller-identity"); !ok {
		t.Error("sts has no GetCallerIdentity")
	}
	if lib.index != nil {
		t.Error("the index was parsed")
	}
}

func TestInfo(t *testing.T) {
	info, err := Default().Info("s3api")
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != "s3" || info.Protocol != "rest-xml" || info.EndpointPrefix != "s3" || info.Operations < 100 {
		t.Errorf("Info(s3api) = %+v", info)
	}
	if _, err := Default().Info("nope-nope"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("Info(nope-nope) error = %v", err)
	}
}
