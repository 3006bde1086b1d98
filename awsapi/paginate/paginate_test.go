package paginate

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

var sevenKeys = []string{"a", "b/1", "b/2", "c", "d", "e", "f"}

func TestListObjectsV2EveryKeyOnce(t *testing.T) {
	caller := fakeListObjectsV2(sevenKeys...)
	p := New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"),
		map[string]any{"Bucket": "bucket"}, Options{PageSize: 2})
	pages := drain(t, p)

	if len(pages) != 4 {
		t.Fatalf("got %d pages, want 4 (7 keys, 2 a page)", len(pages))
	}
	if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, sevenKeys) {
		t.Fatalf("keys %v, want each of %v once", got, sevenKeys)
	}
	calls := caller.calls()
	for i, in := range calls {
		if in["MaxKeys"] != 2 || in["Bucket"] != "bucket" {
			t.Errorf("request %d: %v, want Bucket and MaxKeys=2", i+1, in)
		}
		_, hasToken := in["ContinuationToken"]
		if hasToken != (i > 0) {
			t.Errorf("request %d: ContinuationToken sent=%v", i+1, hasToken)
		}
	}
	if pages[3].NextToken != "" || pages[0].NextToken == "" {
		t.Errorf("NextToken: first %q, last %q; want set, then empty", pages[0].NextToken, pages[3].NextToken)
	}
	if pages[0].Number != 1 || pages[3].Number != 4 {
		t.Errorf("page numbers %d..%d", pages[0].Number, pages[3].Number)
	}
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrNoMorePages) {
		t.Errorf("Next after the last page: %v, want ErrNoMorePages", err)
	}
}

func TestInputIsNotModified(t *testing.T) {
	input := map[string]any{"Bucket": "bucket"}
	drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), input, Options{PageSize: 3}))
	if len(input) != 1 {
		t.Fatalf("input became %v", input)
	}
}

func TestLimitAcrossPagesAndResume(t *testing.T) {
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	p := New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, map[string]any{"Bucket": "bucket"},
		Options{PageSize: 2, Limit: 5})
	pages := drain(t, p)
	if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, sevenKeys[:5]) {
		t.Fatalf("with limit 5 got %v", got)
	}
	last := pages[len(pages)-1]
	if n := len(last.Raw["Contents"].([]any)); n != 1 {
		t.Errorf("the page crossing the limit keeps %d items in Raw, want 1", n)
	}
	// The token re-reads the third page and skips the item already returned, as botocore's does.
	tokens, skip, err := decodeToken(last.NextToken, def.InputToken)
	if err != nil || skip != 1 || tokens["ContinuationToken"] != "opaque:c" {
		t.Fatalf("resume token decodes to %v skip %d (%v)", tokens, skip, err)
	}

	rest := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, map[string]any{"Bucket": "bucket"},
		Options{PageSize: 2, StartingToken: last.NextToken}))
	if got := keysOf(t, itemValues(rest, "Contents"), "Key"); !slices.Equal(got, sevenKeys[5:]) {
		t.Fatalf("resumed listing got %v, want %v", got, sevenKeys[5:])
	}
}

func TestLimitOnPageBoundaryResumesOnNextPage(t *testing.T) {
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	pages := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, nil, Options{PageSize: 2, Limit: 4}))
	if len(pages) != 2 {
		t.Fatalf("got %d pages, want 2", len(pages))
	}
	_, skip, err := decodeToken(pages[1].NextToken, def.InputToken)
	if err != nil || skip != 0 {
		t.Fatalf("boundary token: skip %d, %v", skip, err)
	}
	rest := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, nil, Options{PageSize: 2, StartingToken: pages[1].NextToken}))
	if got := keysOf(t, itemValues(rest, "Contents"), "Key"); !slices.Equal(got, sevenKeys[4:]) {
		t.Fatalf("resumed listing got %v", got)
	}
}

func TestResumeEveryPageOfEveryLimit(t *testing.T) {
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	for limit := 1; limit <= 7; limit++ {
		var got []string
		token := ""
		for round := 0; round < 10; round++ {
			pages := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, nil,
				Options{PageSize: 3, Limit: limit, StartingToken: token}))
			got = append(got, keysOf(t, itemValues(pages, "Contents"), "Key")...)
			if len(pages) == 0 || pages[len(pages)-1].NextToken == "" {
				break
			}
			token = pages[len(pages)-1].NextToken
		}
		if !slices.Equal(got, sevenKeys) {
			t.Errorf("limit %d, resumed until the end: %v", limit, got)
		}
	}
}

func TestListObjectVersionsTwoTokens(t *testing.T) {
	entries := []version{
		{"a", "a2", false}, {"a", "a1", false}, {"b", "b3", true}, {"b", "b2", false}, {"b", "b1", false},
		{"c", "c1", false}, {"d", "d2", true}, {"d", "d1", false},
	}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	caller := fakeListObjectVersions(entries)
	pages := drain(t, New(caller, "ListObjectVersions", def, map[string]any{"Bucket": "bucket"}, Options{PageSize: 3}))
	if len(pages) != 3 {
		t.Fatalf("got %d pages, want 3", len(pages))
	}
	versions := keysOf(t, itemValues(pages, "Versions"), "VersionId")
	markers := keysOf(t, itemValues(pages, "DeleteMarkers"), "VersionId")
	if !slices.Equal(versions, []string{"a2", "a1", "b2", "b1", "c1", "d1"}) || !slices.Equal(markers, []string{"b3", "d2"}) {
		t.Fatalf("versions %v, delete markers %v", versions, markers)
	}
	if first := pages[0].Items[0]; first.Key != "Versions" {
		t.Errorf("first item tagged %q, want Versions", first.Key)
	}
	second := caller.calls()[1]
	if second["KeyMarker"] != "b" || second["VersionIdMarker"] != "b3" {
		t.Errorf("second request %v, want both markers from the first page", second)
	}

	// Resuming from the first page's token carries both markers.
	tokens, _, err := decodeToken(pages[0].NextToken, def.InputToken)
	if err != nil || tokens["KeyMarker"] != "b" || tokens["VersionIdMarker"] != "b3" {
		t.Fatalf("token %v, %v", tokens, err)
	}
	rest := drain(t, New(fakeListObjectVersions(entries), "ListObjectVersions", def, nil,
		Options{PageSize: 3, StartingToken: pages[0].NextToken}))
	if got := keysOf(t, itemValues(rest, "Versions"), "VersionId"); !slices.Equal(got, []string{"b2", "b1", "c1", "d1"}) {
		t.Fatalf("resumed versions %v", got)
	}
}

func TestResumeInsidePageEmptiesSecondaryKeys(t *testing.T) {
	// Limit 1 cuts the first page after one version; the resumed page must not repeat the delete
	// marker that was returned whole with it (botocore clears secondary result keys).
	entries := []version{{"a", "a2", false}, {"a", "a1", true}, {"b", "b1", false}}
	def := botocorePaginator(t, "s3", "ListObjectVersions")
	first := drain(t, New(fakeListObjectVersions(entries), "ListObjectVersions", def, nil, Options{Limit: 1}))
	if got := len(first[0].Values("DeleteMarkers")); got != 1 {
		t.Fatalf("first page has %d delete markers", got)
	}
	rest := drain(t, New(fakeListObjectVersions(entries), "ListObjectVersions", def, nil,
		Options{StartingToken: first[0].NextToken}))
	if got := keysOf(t, itemValues(rest, "Versions"), "VersionId"); !slices.Equal(got, []string{"b1"}) {
		t.Fatalf("resumed versions %v", got)
	}
	if got := itemValues(rest, "DeleteMarkers"); len(got) != 0 {
		t.Fatalf("resumed page repeats delete markers %v", got)
	}
}

func TestScanMapTokenAndCounts(t *testing.T) {
	def := botocorePaginator(t, "dynamodb", "Scan")
	caller := fakeScan("p1", "p2", "p3", "p4", "p5")
	p := New(caller, "Scan", def, map[string]any{"TableName": "t"}, Options{PageSize: 2})
	pages := drain(t, p)
	if got := len(itemValues(pages, "Items")); got != 5 {
		t.Fatalf("got %d items, want 5", got)
	}
	esk, ok := caller.calls()[1]["ExclusiveStartKey"].(map[string]any)
	if !ok || !reflect.DeepEqual(esk, map[string]any{"pk": map[string]any{"S": "p2"}}) {
		t.Fatalf("second request's ExclusiveStartKey %#v", caller.calls()[1]["ExclusiveStartKey"])
	}
	merged := Merge(def, pages)
	if merged["Count"] != int64(5) || merged["ScannedCount"] != int64(5) {
		t.Errorf("merged counts %#v %#v, want 5 (summed)", merged["Count"], merged["ScannedCount"])
	}
	if got := len(merged["Items"].([]any)); got != 5 {
		t.Errorf("merged %d items", got)
	}
	if _, ok := merged["LastEvaluatedKey"]; ok {
		t.Errorf("merged result keeps a token: %v", merged)
	}

	// Resume inside a page: the map token survives the round trip and Count stays the page's.
	first := drain(t, New(fakeScan("p1", "p2", "p3", "p4", "p5"), "Scan", def, nil, Options{PageSize: 2, Limit: 3}))
	rest := drain(t, New(fakeScan("p1", "p2", "p3", "p4", "p5"), "Scan", def, nil,
		Options{PageSize: 2, StartingToken: first[len(first)-1].NextToken}))
	var pks []string
	for _, it := range itemValues(rest, "Items") {
		pks = append(pks, it.(map[string]any)["pk"].(map[string]any)["S"].(string))
	}
	if !slices.Equal(pks, []string{"p4", "p5"}) {
		t.Fatalf("resumed scan %v", pks)
	}
	if c := rest[0].Raw["Count"]; c != json.Number("2") {
		t.Errorf("Count of the resumed page %#v; botocore keeps the server's count", c)
	}
}

func TestDescribeInstancesEmptyTokenEnds(t *testing.T) {
	def := botocorePaginator(t, "ec2", "DescribeInstances")
	caller := scripted("DescribeInstances",
		map[string]any{"Reservations": []any{map[string]any{"ReservationId": "r-1"}}, "NextToken": "t1"},
		map[string]any{"Reservations": []any{map[string]any{"ReservationId": "r-2"}}, "NextToken": ""},
	)
	pages := drain(t, New(caller, "DescribeInstances", def, nil, Options{PageSize: 5}))
	if len(pages) != 2 || pages[1].NextToken != "" {
		t.Fatalf("%d pages, last token %q", len(pages), pages[len(pages)-1].NextToken)
	}
	if got := caller.calls()[1]; got["NextToken"] != "t1" || got["MaxResults"] != 5 {
		t.Fatalf("second request %v", got)
	}
}

func TestFilterLogEventsSeveralResultKeys(t *testing.T) {
	def := botocorePaginator(t, "logs", "FilterLogEvents")
	caller := scripted("FilterLogEvents",
		map[string]any{
			"events":             []any{map[string]any{"message": "m1"}, map[string]any{"message": "m2"}},
			"searchedLogStreams": []any{map[string]any{"logStreamName": "s1"}},
			"nextToken":          "n1",
		},
		map[string]any{
			"events":             []any{map[string]any{"message": "m3"}},
			"searchedLogStreams": []any{map[string]any{"logStreamName": "s2"}},
		},
	)
	pages := drain(t, New(caller, "FilterLogEvents", def, map[string]any{"logGroupName": "g"}, Options{}))
	var tags []string
	for _, it := range pages[0].Items {
		tags = append(tags, it.Key)
	}
	if !slices.Equal(tags, []string{"events", "events", "searchedLogStreams"}) {
		t.Fatalf("first page items tagged %v", tags)
	}
	merged := Merge(def, pages)
	if got := keysOf(t, merged["events"].([]any), "message"); !slices.Equal(got, []string{"m1", "m2", "m3"}) {
		t.Errorf("merged events %v", got)
	}
	if got := keysOf(t, merged["searchedLogStreams"].([]any), "logStreamName"); !slices.Equal(got, []string{"s1", "s2"}) {
		t.Errorf("merged streams %v", got)
	}
	if _, ok := merged["nextToken"]; ok {
		t.Errorf("merged result keeps the service token: %v", merged)
	}
}

func TestMoreResultsFalseStopsDespiteToken(t *testing.T) {
	def := botocorePaginator(t, "route53", "ListResourceRecordSets")
	caller := scripted("ListResourceRecordSets",
		map[string]any{"ResourceRecordSets": []any{"r1"}, "IsTruncated": true,
			"NextRecordName": "b.example.", "NextRecordType": "A", "NextRecordIdentifier": "id-1"},
		map[string]any{"ResourceRecordSets": []any{"r2"}, "IsTruncated": false, "NextRecordName": "c.example.", "NextRecordType": "A"},
	)
	pages := drain(t, New(caller, "ListResourceRecordSets", def, map[string]any{"HostedZoneId": "Z1"}, Options{}))
	if len(pages) != 2 {
		t.Fatalf("%d pages, want 2: IsTruncated=false ends the listing", len(pages))
	}
	second := caller.calls()[1]
	if second["StartRecordName"] != "b.example." || second["StartRecordType"] != "A" || second["StartRecordIdentifier"] != "id-1" {
		t.Fatalf("second request %v, want the three tokens", second)
	}
}

func TestMissingTokenIsRemovedFromLaterRequests(t *testing.T) {
	def := botocorePaginator(t, "route53", "ListResourceRecordSets")
	caller := scripted("ListResourceRecordSets",
		map[string]any{"ResourceRecordSets": []any{"r1"}, "IsTruncated": true, "NextRecordName": "b.", "NextRecordType": "A", "NextRecordIdentifier": "id"},
		map[string]any{"ResourceRecordSets": []any{"r2"}, "IsTruncated": true, "NextRecordName": "c.", "NextRecordType": "A"},
		map[string]any{"ResourceRecordSets": []any{"r3"}, "IsTruncated": false},
	)
	// The caller starts from a record of its own; once the service stops sending an identifier,
	// the caller's must not be sent again either.
	input := map[string]any{"StartRecordName": "a.", "StartRecordType": "A", "StartRecordIdentifier": "mine"}
	drain(t, New(caller, "ListResourceRecordSets", def, input, Options{}))
	if got := caller.calls()[0]["StartRecordIdentifier"]; got != "mine" {
		t.Fatalf("first request's StartRecordIdentifier %v, want the caller's", got)
	}
	if _, ok := caller.calls()[2]["StartRecordIdentifier"]; ok {
		t.Fatalf("third request still sends StartRecordIdentifier: %v", caller.calls()[2])
	}
}

func TestKinesisTokenFromLastItem(t *testing.T) {
	def := botocorePaginator(t, "kinesis", "DescribeStream")
	caller := scripted("DescribeStream",
		map[string]any{"StreamDescription": map[string]any{"HasMoreShards": true,
			"Shards": []any{map[string]any{"ShardId": "s-1"}, map[string]any{"ShardId": "s-2"}}}},
		map[string]any{"StreamDescription": map[string]any{"HasMoreShards": false,
			"Shards": []any{map[string]any{"ShardId": "s-3"}}}},
	)
	pages := drain(t, New(caller, "DescribeStream", def, map[string]any{"StreamName": "x"}, Options{}))
	if got := caller.calls()[1]["ExclusiveStartShardId"]; got != "s-2" {
		t.Fatalf("second request's ExclusiveStartShardId %v, want s-2", got)
	}
	merged := Merge(def, pages)
	shards := merged["StreamDescription"].(map[string]any)["Shards"].([]any)
	if len(shards) != 3 {
		t.Fatalf("merged %d shards", len(shards))
	}
}

func TestListObjectsV1TokenFallsBackToLastKey(t *testing.T) {
	def := botocorePaginator(t, "s3", "ListObjects")
	caller := scripted("ListObjects",
		map[string]any{"IsTruncated": true, "Contents": []any{map[string]any{"Key": "a"}, map[string]any{"Key": "b"}}},
		map[string]any{"IsTruncated": true, "NextMarker": "d", "Contents": []any{map[string]any{"Key": "c"}}},
		map[string]any{"IsTruncated": false, "Contents": []any{map[string]any{"Key": "e"}}},
	)
	drain(t, New(caller, "ListObjects", def, nil, Options{}))
	calls := caller.calls()
	if calls[1]["Marker"] != "b" || calls[2]["Marker"] != "d" {
		t.Fatalf("markers %v, %v; want Contents[-1].Key then NextMarker", calls[1]["Marker"], calls[2]["Marker"])
	}
}

func TestRepeatedTokenStops(t *testing.T) {
	def := botocorePaginator(t, "ec2", "DescribeInstances")
	caller := &fakeCaller{operation: "DescribeInstances", serve: func(context.Context, map[string]any) (map[string]any, error) {
		return map[string]any{"Reservations": []any{"r"}, "NextToken": "same"}, nil
	}}
	p := New(caller, "DescribeInstances", def, nil, Options{})
	for i := 0; i < 2; i++ {
		if _, err := p.Next(context.Background()); err != nil {
			t.Fatalf("page %d: %v", i+1, err)
		}
	}
	_, err := p.Next(context.Background())
	if !errors.Is(err, ErrRepeatedToken) {
		t.Fatalf("third Next: %v, want ErrRepeatedToken", err)
	}
	if len(caller.calls()) != 2 || p.HasMore() {
		t.Fatalf("%d calls, HasMore=%v; want 2 calls and the end", len(caller.calls()), p.HasMore())
	}
}

func TestStartingTokenThatRepeatsStops(t *testing.T) {
	def := botocorePaginator(t, "ec2", "DescribeInstances")
	caller := scripted("DescribeInstances", map[string]any{"Reservations": []any{"r"}, "NextToken": "same"})
	p := New(caller, "DescribeInstances", def, nil, Options{StartingToken: "same"})
	if _, err := p.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrRepeatedToken) {
		t.Fatalf("got %v, want ErrRepeatedToken", err)
	}
}

func TestStop(t *testing.T) {
	caller := fakeListObjectsV2(sevenKeys...)
	p := New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), nil, Options{PageSize: 2})
	page, err := p.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p.Stop()
	if p.HasMore() {
		t.Fatal("HasMore after Stop")
	}
	if _, err := p.Next(context.Background()); !errors.Is(err, ErrNoMorePages) {
		t.Fatalf("Next after Stop: %v", err)
	}
	if len(caller.calls()) != 1 {
		t.Fatalf("%d calls after Stop", len(caller.calls()))
	}
	merged := Merge(botocorePaginator(t, "s3", "ListObjectsV2"), []Page{page})
	if merged["NextToken"] != page.NextToken {
		t.Fatalf("a merge of a stopped listing carries its resume token; got %v", merged["NextToken"])
	}
}

func TestErrorThenRetrySamePage(t *testing.T) {
	inner := fakeListObjectsV2(sevenKeys...)
	failures := 1
	caller := &fakeCaller{operation: "ListObjectsV2", serve: func(ctx context.Context, in map[string]any) (map[string]any, error) {
		if in["ContinuationToken"] != nil && failures > 0 {
			failures--
			return nil, errors.New("ThrottlingException: slow down")
		}
		return inner.serve(ctx, in)
	}}
	p := New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), nil, Options{PageSize: 4})
	if _, err := p.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := p.Next(context.Background())
	if err == nil || !strings.Contains(err.Error(), "page 2") || !strings.Contains(err.Error(), "ThrottlingException") {
		t.Fatalf("error %v, want it to name the page and keep the cause", err)
	}
	if !p.HasMore() {
		t.Fatal("an error must leave the page to retry")
	}
	page, err := p.Next(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(t, page.Values("Contents"), "Key"); !slices.Equal(got, sevenKeys[4:]) {
		t.Fatalf("retried page %v", got)
	}
}

func TestCancelledContext(t *testing.T) {
	caller := fakeListObjectsV2(sevenKeys...)
	p := New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), nil, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next with a cancelled context: %v", err)
	}
	if len(caller.calls()) != 0 {
		t.Fatal("a cancelled Next must not call the service")
	}
}

func TestCancelDuringRequestReturnsPromptly(t *testing.T) {
	caller := &fakeCaller{operation: "ListObjectsV2", serve: func(ctx context.Context, _ map[string]any) (map[string]any, error) {
		<-ctx.Done() // a server that never answers
		return nil, ctx.Err()
	}}
	p := New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), nil, Options{})
	// In a synctest bubble the clock moves only when the test waits: the 5 ms are exact.
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(5*time.Millisecond, cancel)
		start := time.Now()
		_, err := p.Next(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		if d := time.Since(start); d != 5*time.Millisecond {
			t.Fatalf("cancel took %v, want the 5ms to the cancel", d)
		}
	})
}

func TestConfigurationErrors(t *testing.T) {
	noLimitKey := &model.Paginator{InputToken: []string{"NextToken"}, OutputToken: []string{"NextToken"}, ResultKey: []string{"Items"}}
	cases := map[string]struct {
		def  *model.Paginator
		opts Options
		want string
	}{
		"page size without limit key": {noLimitKey, Options{PageSize: 5}, "no page size parameter"},
		"foreign token": {botocorePaginator(t, "s3", "ListObjectVersions"),
			Options{StartingToken: base64.StdEncoding.EncodeToString([]byte(`{"ContinuationToken":"x"}`))}, "bad starting token"},
		"too many legacy parts": {noLimitKey, Options{StartingToken: "a___b___c"}, "bad starting token"},
		"bad expression":        {&model.Paginator{InputToken: []string{"T"}, OutputToken: []string{"Foo[["}}, Options{}, "output token"},
		"token count":           {&model.Paginator{InputToken: []string{"A", "B"}, OutputToken: []string{"A"}}, Options{}, "2 input and 1 output"},
		"no definition":         {nil, Options{}, "no paginator definition"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			caller := scripted("Op")
			p := New(caller, "Op", c.def, nil, c.opts)
			_, err := p.Next(context.Background())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to mention %q", err, c.want)
			}
			if len(caller.calls()) != 0 || p.HasMore() {
				t.Fatal("a configuration error must stop before any request")
			}
		})
	}
}

func TestBareServiceTokenAsStartingToken(t *testing.T) {
	caller := fakeListObjectsV2(sevenKeys...)
	pages := drain(t, New(caller, "ListObjectsV2", botocorePaginator(t, "s3", "ListObjectsV2"), nil,
		Options{StartingToken: "opaque:d"}))
	if got := keysOf(t, itemValues(pages, "Contents"), "Key"); !slices.Equal(got, []string{"e", "f"}) {
		t.Fatalf("listing from a bare service token: %v", got)
	}
}

func TestTokensInteroperateWithBotocore(t *testing.T) {
	versions := botocorePaginator(t, "s3", "ListObjectVersions")
	// Written by botocore 1.43's TokenEncoder.
	const fromBotocore = "eyJLZXlNYXJrZXIiOiAicGhvdG9zL2IuanBnIiwgIlZlcnNpb25JZE1hcmtlciI6ICJ2MiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9"
	tokens, skip, err := decodeToken(fromBotocore, versions.InputToken)
	if err != nil || skip != 1 || tokens["KeyMarker"] != "photos/b.jpg" || tokens["VersionIdMarker"] != "v2" {
		t.Fatalf("botocore token decodes to %v skip %d (%v)", tokens, skip, err)
	}
	ours, err := encodeToken(versions.InputToken, tokens, skip)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(ours)
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("our token is not base64 JSON: %v", err)
	}
	want := map[string]any{"KeyMarker": "photos/b.jpg", "VersionIdMarker": "v2", "boto_truncate_amount": 1.0}
	if !reflect.DeepEqual(doc, want) {
		t.Fatalf("our token holds %v, want botocore's layout %v", doc, want)
	}

	// botocore writes a missing token as null, and reads the string "None" as missing too.
	noneToken := base64.StdEncoding.EncodeToString([]byte(`{"KeyMarker": "k", "VersionIdMarker": "None"}`))
	tokens, _, err = decodeToken(noneToken, versions.InputToken)
	if err != nil || tokens["KeyMarker"] != "k" || tokens["VersionIdMarker"] != nil {
		t.Fatalf("token with None decodes to %v (%v)", tokens, err)
	}
	tokens, skip, err = decodeToken("k___None___3", versions.InputToken)
	if err != nil || skip != 3 || tokens["KeyMarker"] != "k" || tokens["VersionIdMarker"] != nil {
		t.Fatalf("old-style token decodes to %v skip %d (%v)", tokens, skip, err)
	}

	// Blobs: botocore base64-encodes bytes and lists where they were.
	scan := botocorePaginator(t, "dynamodb", "Scan")
	const blobFromBotocore = "eyJFeGNsdXNpdmVTdGFydEtleSI6IHsicGsiOiB7IkIiOiAiQUFGaWFXND0ifSwgInNrIjogeyJOIjogIjcifX0sICJib3RvX2VuY29kZWRfa2V5cyI6IFtbIkV4Y2x1c2l2ZVN0YXJ0S2V5IiwgInBrIiwgIkIiXV19"
	tokens, _, err = decodeToken(blobFromBotocore, scan.InputToken)
	if err != nil {
		t.Fatal(err)
	}
	wantKey := map[string]any{"pk": map[string]any{"B": []byte("\x00\x01bin")}, "sk": map[string]any{"N": "7"}}
	if !reflect.DeepEqual(tokens["ExclusiveStartKey"], wantKey) {
		t.Fatalf("blob token decodes to %#v", tokens["ExclusiveStartKey"])
	}
	again, err := encodeToken(scan.InputToken, tokens, 0)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := decodeToken(again, scan.InputToken)
	if err != nil || !reflect.DeepEqual(back["ExclusiveStartKey"], wantKey) {
		t.Fatalf("blob token round trip: %#v, %v", back, err)
	}
}

func TestMergeLikeTheCLI(t *testing.T) {
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	p := New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, map[string]any{"Bucket": "bucket"}, Options{PageSize: 3})
	merged, err := p.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(t, merged["Contents"].([]any), "Key"); !slices.Equal(got, sevenKeys) {
		t.Fatalf("merged keys %v", got)
	}
	// Non-aggregate keys come from the first page, missing ones as null like `aws` prints
	// "RequestCharged": null; everything else (Name, KeyCount, tokens) is dropped.
	want := map[string]any{"Contents": merged["Contents"], "Prefix": "", "RequestCharged": nil}
	if !reflect.DeepEqual(merged, want) {
		t.Fatalf("merged %v\nwant %v", merged, want)
	}

	limited, err := New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, nil, Options{PageSize: 3, Limit: 4}).All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(limited["Contents"].([]any)); n != 4 || limited["NextToken"] == nil {
		t.Fatalf("limited merge: %d keys, NextToken %v", n, limited["NextToken"])
	}
}

func TestMergeNestedResultKey(t *testing.T) {
	def := botocorePaginator(t, "cloudfront", "ListDistributions")
	caller := scripted("ListDistributions",
		map[string]any{"DistributionList": map[string]any{"Items": []any{"d1"}, "IsTruncated": true, "NextMarker": "m1", "Quantity": int64(1)}},
		map[string]any{"DistributionList": map[string]any{"Items": []any{"d2", "d3"}, "IsTruncated": false, "Quantity": int64(2)}},
	)
	pages := drain(t, New(caller, "ListDistributions", def, nil, Options{}))
	if got := caller.calls()[1]["Marker"]; got != "m1" {
		t.Fatalf("second request's Marker %v", got)
	}
	merged := Merge(def, pages)
	want := map[string]any{"DistributionList": map[string]any{"Items": []any{"d1", "d2", "d3"}}}
	if !reflect.DeepEqual(merged, want) {
		t.Fatalf("merged %v, want %v", merged, want)
	}
}

func TestMergeDoesNotAliasPages(t *testing.T) {
	def := botocorePaginator(t, "ec2", "DescribeInstances")
	first := Page{Raw: map[string]any{"Reservations": make([]any, 1, 10)}}
	second := Page{Raw: map[string]any{"Reservations": []any{"r2"}}}
	Merge(def, []Page{first, second})
	if spare := first.Raw["Reservations"].([]any)[:2]; spare[1] != nil {
		t.Fatal("merging wrote into the first page's list")
	}
}

func TestNumbersOfEveryType(t *testing.T) {
	// Tokens and more_results must work whatever number type the invoker decodes to.
	def := &model.Paginator{InputToken: []string{"Offset"}, OutputToken: []string{"NextOffset"}, MoreResults: "length(Items) == PageLength", ResultKey: []string{"Items"}}
	for _, num := range []func(int) any{
		func(i int) any { return float64(i) },
		func(i int) any { return int64(i) },
		func(i int) any { return int32(i) },
		func(i int) any { return json.Number(fmt.Sprint(i)) },
	} {
		caller := &fakeCaller{operation: "Op", serve: func(_ context.Context, in map[string]any) (map[string]any, error) {
			off := intArg(in["Offset"], 0)
			items := []any{}
			for i := off; i < min(off+2, 5); i++ {
				items = append(items, num(i))
			}
			return map[string]any{"Items": items, "PageLength": num(2), "NextOffset": num(off + 2)}, nil
		}}
		pages := drain(t, New(caller, "Op", def, nil, Options{}))
		if got := len(itemValues(pages, "Items")); got != 5 {
			t.Errorf("%T numbers: %d items over %d pages, want 5", num(0), got, len(pages))
		}
	}
}

func TestLimitResumesFromCallerGivenToken(t *testing.T) {
	// A listing started from a token in the input and cut by a limit must resume from there,
	// not from the beginning.
	def := botocorePaginator(t, "s3", "ListObjectsV2")
	first := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def,
		map[string]any{"ContinuationToken": "opaque:c"}, Options{PageSize: 3, Limit: 1}))
	rest := drain(t, New(fakeListObjectsV2(sevenKeys...), "ListObjectsV2", def, nil,
		Options{PageSize: 3, StartingToken: first[0].NextToken}))
	got := append(keysOf(t, itemValues(first, "Contents"), "Key"), keysOf(t, itemValues(rest, "Contents"), "Key")...)
	if !slices.Equal(got, []string{"d", "e", "f"}) {
		t.Fatalf("listed %v, want d e f", got)
	}
}

// A starting token that cannot resume the operation is refused before anything is sent, naming
// the token member and the types. Before, `--starting-token foo` on a Scan sent nothing useful and
// failed as "Input.ExclusiveStartKey: expected an object".
func TestStartingTokenOfTheWrongTypeIsRefused(t *testing.T) {
	svc, err := model.Default().Load("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	def, _ := svc.Paginator("Scan")
	legacyList := base64.StdEncoding.EncodeToString([]byte(`{"ExclusiveStartKey":["a"]}`))
	for _, token := range []string{"foo", legacyList} {
		f := fakeScan("a", "b", "c")
		p := New(f, "Scan", def, map[string]any{"TableName": "t"}, Options{StartingToken: token, Service: svc})
		_, err := p.Next(context.Background())
		if !errors.Is(err, ErrBadStartingToken) || !strings.Contains(err.Error(), "ExclusiveStartKey, which is an object") {
			t.Errorf("token %q: %v", token, err)
		}
		if n := len(f.calls()); n != 0 {
			t.Errorf("token %q: %d calls sent", token, n)
		}
	}
	// A garbled JSON token is refused the same way.
	garbled := base64.StdEncoding.EncodeToString([]byte(`{"ExclusiveStartKey":{},"boto_truncate_amount":-1}`))
	if _, err := New(fakeScan("a"), "Scan", def, nil, Options{StartingToken: garbled, Service: svc}).Next(context.Background()); !errors.Is(err, ErrBadStartingToken) {
		t.Errorf("garbled token: %v", err)
	}
}
