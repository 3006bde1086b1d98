package world

import (
	"slices"
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
