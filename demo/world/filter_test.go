package world

import (
	"slices"
	"strings"
	"testing"
)

// The EC2 filters are tables of paths now: a filter over a list ("group-id", "attachment.device")
// gives the value of every element.
func TestFilterPathsOverLists(t *testing.T) {
	in := map[string]any{"InstanceId": "i-1", "State": map[string]any{"Name": "running"},
		"SecurityGroups": []any{map[string]any{"GroupId": "sg-1"}, map[string]any{"GroupId": "sg-2"}}}
	for name, want := range map[string][]string{"group-id": {"sg-1", "sg-2"}, "instance-state-name": {"running"}, "instance-id": {"i-1"}} {
		if got, ok := instanceValues(in, name); !ok || !slices.Equal(got, want) {
			t.Errorf("%s: %v (%v), want %v", name, got, ok, want)
		}
	}
	if _, ok := instanceValues(in, "no-such-filter"); ok {
		t.Error("an unknown filter name must be reported as unknown")
	}
	vol := map[string]any{"Attachments": []any{map[string]any{"InstanceId": "i-1", "Device": "/dev/xvda"}}}
	if got, _ := volumeValues(vol, "attachment.device"); !slices.Equal(got, []string{"/dev/xvda"}) {
		t.Errorf("attachment.device: %v", got)
	}
	if ok, err := matches(in, []map[string]any{{"Name": "group-id", "Values": []any{"sg-2"}}}, instanceValues); !ok || err != nil {
		t.Errorf("group-id sg-2 should match: %v %v", ok, err)
	}
}

// described is the one Describe of the EC2 collections: ids (an unknown one is the error), then
// filters, then the page.
func TestDescribedNamesFiltersAndPages(t *testing.T) {
	views := []map[string]any{{"VolumeId": "vol-1", "State": "in-use"}, {"VolumeId": "vol-2", "State": "available"},
		{"VolumeId": "vol-3", "State": "available"}}
	missing := func(id string) error { return notFound("InvalidVolume.NotFound", "no %s", id) }
	ask := func(in map[string]any) ([]any, string, error) {
		return described(&Call{In: in}, views, "VolumeIds", "VolumeId", volumeValues, missing)
	}
	if _, _, err := ask(map[string]any{"VolumeIds": []any{"vol-1", "vol-9"}}); err == nil || !strings.Contains(err.Error(), "vol-9") {
		t.Fatalf("an unknown id should be the error: %v", err)
	}
	items, tok, err := ask(map[string]any{"Filters": []any{map[string]any{"Name": "status", "Values": []any{"available"}}}, "MaxResults": int64(1)})
	if err != nil || len(items) != 1 || items[0].(map[string]any)["VolumeId"] != "vol-2" || tok == "" {
		t.Fatalf("first page of the available volumes: %v %q %v", items, tok, err)
	}
	items, tok, err = ask(map[string]any{"Filters": []any{map[string]any{"Name": "status", "Values": []any{"available"}}}, "MaxResults": int64(1), "NextToken": tok})
	if err != nil || len(items) != 1 || items[0].(map[string]any)["VolumeId"] != "vol-3" || tok != "" {
		t.Fatalf("second and last page: %v %q %v", items, tok, err)
	}
}
