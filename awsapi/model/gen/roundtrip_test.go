package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

var botocoreData = sync.OnceValues(findBotocoreData)

// dataDir returns the installed botocore's data directory or fails saying how to get one.
func dataDir(t testing.TB) string {
	t.Helper()
	dir, err := botocoreData()
	if err != nil {
		t.Fatalf("these tests read the installed botocore: %v", err)
	}
	return dir
}

// rawJSON reads a botocore file with plain encoding/json, as an independent view of the data.
func rawJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := readMaybeGzip(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, len(x))
		for i, s := range x {
			out[i] = s.(string)
		}
		return out
	}
	return nil
}

func TestRoundTripAgainstBotocore(t *testing.T) {
	data := dataDir(t)
	for _, name := range []string{"sts", "s3", "dynamodb", "ec2", "rds", "cloudfront"} {
		t.Run(name, func(t *testing.T) {
			svc, unknown, err := convertDir(data, name)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range unknown {
				t.Error(u)
			}
			version, err := latestVersion(filepath.Join(data, name))
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(data, name, version)
			raw := rawJSON(t, filepath.Join(dir, "service-2.json"))
			if svc.Metadata.APIVersion != version {
				t.Errorf("apiVersion %q, want the latest directory %q", svc.Metadata.APIVersion, version)
			}
			if got, want := svc.Metadata.Protocol, obj(raw["metadata"])["protocol"]; got != want {
				t.Errorf("protocol %q, want %q", got, want)
			}
			compareOperations(t, svc, obj(raw["operations"]))
			extras := rawJSON(t, filepath.Join(dir, "service-2.sdk-extras.json"))
			compareShapes(t, svc, obj(raw["shapes"]), obj(obj(extras["merge"])["shapes"]))
			comparePaginators(t, svc, rawJSON(t, filepath.Join(dir, "paginators-1.json")))
			compareWaiters(t, svc, rawJSON(t, filepath.Join(dir, "waiters-2.json")))
		})
	}
}

func compareOperations(t *testing.T, svc *model.Service, raw map[string]any) {
	if len(svc.Operations) != len(raw) || len(raw) == 0 {
		t.Fatalf("%d operations, botocore has %d", len(svc.Operations), len(raw))
	}
	for name, r := range raw {
		op := svc.Operations[name]
		if op == nil {
			t.Errorf("operation %s missing", name)
			continue
		}
		wire := op.Name
		if op.WireName != "" {
			wire = op.WireName
		}
		if op.Name != name || wire != obj(r)["name"] {
			t.Errorf("%s: name %q, wire name %q; botocore %v", name, op.Name, op.WireName, obj(r)["name"])
		}
		http := obj(obj(r)["http"])
		if op.HTTP.Method != http["method"] || op.HTTP.RequestURI != http["requestUri"] {
			t.Errorf("%s http = %+v, botocore %v", name, op.HTTP, http)
		}
		if code, ok := http["responseCode"].(float64); ok && int(code) != op.HTTP.ResponseCode {
			t.Errorf("%s responseCode = %d, botocore %v", name, op.HTTP.ResponseCode, code)
		}
		if in := obj(obj(r)["input"]); in != nil && (op.Input == nil || op.Input.Shape != in["shape"]) {
			t.Errorf("%s input = %+v, botocore %v", name, op.Input, in)
		}
		if out := obj(obj(r)["output"]); out != nil {
			if op.Output == nil || op.Output.Shape != out["shape"] || op.Output.ResultWrapper != stringOr(out["resultWrapper"]) {
				t.Errorf("%s output = %+v, botocore %v", name, op.Output, out)
			}
		}
		if errs, _ := obj(r)["errors"].([]any); len(errs) != len(op.Errors) {
			t.Errorf("%s has %d errors, botocore %d", name, len(op.Errors), len(errs))
		}
		if doc, _ := obj(r)["documentation"].(string); doc != "" && op.Doc == "" {
			t.Errorf("%s lost its documentation", name)
		}
	}
}

func stringOr(v any) string { s, _ := v.(string); return s }

// compareShapes checks svc's shapes against botocore's; extra holds the shapes of the
// sdk-extras file, whose traits win as they do in botocore.
func compareShapes(t *testing.T, svc *model.Service, raw, extra map[string]any) {
	// sdk-extras may add shapes and members; everything botocore's own file has must be there.
	if len(svc.Shapes) < len(raw) {
		t.Fatalf("%d shapes, botocore has %d", len(svc.Shapes), len(raw))
	}
	reordered := 0
	for name, r := range raw {
		sh := svc.Shapes[name]
		rs := obj(r)
		if sh == nil {
			t.Errorf("shape %s missing", name)
			continue
		}
		wantType := rs["type"]
		if et, ok := obj(extra[name])["type"]; ok {
			wantType = et
		}
		if sh.Type != wantType {
			t.Errorf("shape %s type %q, botocore %v", name, sh.Type, wantType)
		}
		if !slices.Equal(sh.Enum, strs(rs["enum"])) {
			t.Errorf("shape %s enum %v, botocore %v", name, sh.Enum, rs["enum"])
		}
		if !slices.Equal(sh.Required, strs(rs["required"])) {
			t.Errorf("shape %s required %v, botocore %v", name, sh.Required, rs["required"])
		}
		members := obj(rs["members"])
		if len(sh.MemberOrder) != len(sh.Members) {
			t.Errorf("shape %s: %d names in MemberOrder for %d members", name, len(sh.MemberOrder), len(sh.Members))
		}
		for _, m := range sh.MemberOrder {
			if sh.Members[m] == nil {
				t.Errorf("shape %s: MemberOrder names %s, which is not a member", name, m)
			}
		}
		for mname, mr := range members {
			ref := sh.Members[mname]
			rm := obj(mr)
			if ref == nil {
				t.Errorf("shape %s member %s missing", name, mname)
				continue
			}
			if ref.Shape != rm["shape"] || ref.Location != stringOr(rm["location"]) || ref.LocationName != stringOr(rm["locationName"]) || ref.QueryName != stringOr(rm["queryName"]) {
				t.Errorf("shape %s member %s = %+v, botocore %v", name, mname, ref, rm)
			}
		}
		if !sort.StringsAreSorted(sh.MemberOrder) {
			reordered++
		}
	}
	if reordered == 0 {
		t.Errorf("every structure's members are in sorted order: the model's order was lost")
	}
}

func comparePaginators(t *testing.T, svc *model.Service, raw map[string]any) {
	pag := obj(raw["pagination"])
	if len(svc.Paginators) != len(pag) {
		t.Fatalf("%d paginators, botocore has %d", len(svc.Paginators), len(pag))
	}
	for name, r := range pag {
		p := svc.Paginators[name]
		rp := obj(r)
		if p == nil {
			t.Errorf("paginator %s missing", name)
			continue
		}
		if _, ok := svc.Operations[name]; !ok {
			t.Errorf("paginator %s has no operation", name)
		}
		if !slices.Equal(p.InputToken, strs(rp["input_token"])) || !slices.Equal(p.OutputToken, strs(rp["output_token"])) ||
			!slices.Equal(p.ResultKey, strs(rp["result_key"])) || p.LimitKey != stringOr(rp["limit_key"]) {
			t.Errorf("paginator %s = %+v, botocore %v", name, p, rp)
		}
	}
}

func compareWaiters(t *testing.T, svc *model.Service, raw map[string]any) {
	ws := obj(raw["waiters"])
	if len(svc.Waiters) != len(ws) {
		t.Fatalf("%d waiters, botocore has %d", len(svc.Waiters), len(ws))
	}
	for name, r := range ws {
		w := svc.Waiters[name]
		rw := obj(r)
		if w == nil {
			t.Errorf("waiter %s missing", name)
			continue
		}
		acc, _ := rw["acceptors"].([]any)
		if w.Operation != rw["operation"] || float64(w.Delay) != rw["delay"] || float64(w.MaxAttempts) != rw["maxAttempts"] || len(w.Acceptors) != len(acc) {
			t.Errorf("waiter %s = %+v, botocore %v", name, w, rw)
			continue
		}
		for i, a := range acc {
			ra := obj(a)
			got := w.Acceptors[i]
			if got.Matcher != ra["matcher"] || got.State != ra["state"] || got.Argument != stringOr(ra["argument"]) || !reflect.DeepEqual(got.Expected, ra["expected"]) {
				t.Errorf("waiter %s acceptor %d = %+v, botocore %v", name, i, got, ra)
			}
		}
	}
}

func TestMemberOrderIsTheModels(t *testing.T) {
	data := dataDir(t)
	cases := []struct {
		service, shape string
		prefix         []string
	}{
		{"dynamodb", "PutItemInput", []string{"TableName", "Item", "Expected", "ReturnValues"}},
		{"sts", "AssumeRoleRequest", []string{"RoleArn", "RoleSessionName", "PolicyArns", "Policy", "DurationSeconds"}},
		{"s3", "ListObjectsV2Request", []string{"Bucket", "Delimiter", "EncodingType", "MaxKeys", "Prefix"}},
	}
	for _, c := range cases {
		svc, _, err := convertDir(data, c.service)
		if err != nil {
			t.Fatal(err)
		}
		sh := svc.Shapes[c.shape]
		if sh == nil {
			t.Fatalf("%s has no shape %s", c.service, c.shape)
		}
		if len(sh.MemberOrder) < len(c.prefix) || !slices.Equal(sh.MemberOrder[:len(c.prefix)], c.prefix) {
			t.Errorf("%s %s member order = %v, want it to start with %v", c.service, c.shape, sh.MemberOrder, c.prefix)
		}
	}
}

func TestSDKExtrasAreMerged(t *testing.T) {
	data := dataDir(t)
	s3, _, err := convertDir(data, "s3")
	if err != nil {
		t.Fatal(err)
	}
	if got := s3.Paginators["ListObjectsV2"].NonAggregateKey; !slices.Contains(got, "RequestCharged") {
		t.Errorf("s3 ListObjectsV2 non_aggregate_keys = %v, want the sdk-extras' RequestCharged", got)
	}
	rds, _, err := convertDir(data, "rds")
	if err != nil {
		t.Fatal(err)
	}
	order := rds.Shapes["CopyDBSnapshotMessage"].MemberOrder
	if len(order) == 0 || order[len(order)-1] != "SourceRegion" {
		t.Errorf("rds CopyDBSnapshotMessage order = %v, want the extras' SourceRegion appended last", order)
	}
}

func TestParadigmaticDocs(t *testing.T) {
	svc, _, err := convertDir(dataDir(t), "sts")
	if err != nil {
		t.Fatal(err)
	}
	doc := svc.Operations["GetCallerIdentity"].Doc
	if doc != "Returns details about the IAM user or role whose credentials are used to call the operation." {
		t.Errorf("GetCallerIdentity doc = %q", doc)
	}
}

// TestGenerateWritesEverything runs the whole generator into a temporary directory and checks the
// totals and that a second run writes identical bytes (regenerating must not churn the repo).
func TestGenerateWritesEverything(t *testing.T) {
	if testing.Short() {
		t.Skip("converts every botocore service (about 10 s)")
	}
	data := dataDir(t)
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "NOTICE"), []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "gone.json.gz"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	idx, warnings, err := generate(data, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warnings {
		t.Errorf("%s: keep it in the model types or list it in droppedKeys", w)
	}
	names, err := serviceNames(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx.Services) != len(names) {
		t.Errorf("index has %d services, botocore %d", len(idx.Services), len(names))
	}
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(out, name+".json.gz")); err != nil {
			t.Errorf("no file for %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "gone.json.gz")); !os.IsNotExist(err) {
		t.Errorf("stale gone.json.gz was not removed (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "NOTICE")); err != nil {
		t.Errorf("NOTICE was removed: %v", err)
	}
	if idx.BotocoreVersion == "" || len(idx.CLINames) == 0 {
		t.Errorf("version %q and %d CLI names read from botocore's source", idx.BotocoreVersion, len(idx.CLINames))
	}
	compareWithCommitted(t, idx, out)
	first, err := os.ReadFile(filepath.Join(out, "ec2.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	svc, _, err := convertDir(data, "ec2")
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(t.TempDir(), "ec2.json.gz")
	if err := writeGzipJSON(again, svc); err != nil {
		t.Fatal(err)
	}
	second, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Errorf("two runs wrote different ec2.json.gz bytes")
	}
}

// compareWithCommitted checks that the committed data is what this generator makes from the
// same botocore, so a change to the generator cannot land without regenerated data.
func compareWithCommitted(t *testing.T, idx *model.IndexData, out string) {
	committed := filepath.Join("..", "data")
	lib := model.NewLibrary(os.DirFS(committed))
	version, err := lib.BotocoreVersion()
	if err != nil {
		t.Fatal(err)
	}
	if version != idx.BotocoreVersion {
		t.Logf("committed data is from botocore %s, installed is %s: not comparing bytes", version, idx.BotocoreVersion)
		return
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, e := range entries {
		if e.Name() == "NOTICE" {
			continue
		}
		want, err := os.ReadFile(filepath.Join(out, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(committed, e.Name()))
		if err != nil || string(got) != string(want) {
			stale++
			if stale <= 5 {
				t.Errorf("committed data/%s differs from the generator's output: run go generate ./awsapi/model", e.Name())
			}
		}
	}
	if stale > 5 {
		t.Errorf("... and %d more files", stale-5)
	}
}
