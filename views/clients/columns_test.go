package clients

import (
	"reflect"
	"testing"
	"time"
)

func TestDeriveColumnsRanksNamesIdsStatesTimes(t *testing.T) {
	items := []any{
		map[string]any{
			"ImageId": "ami-1", "InstanceType": "t3.micro", "LaunchTime": time.Unix(0, 0),
			"State": map[string]any{"Code": int64(16), "Name": "running"}, "InstanceId": "i-1",
			"Tags": []any{map[string]any{"Key": "Name", "Value": "web"}}, "KeyName": "ops",
		},
	}
	got := deriveColumns(items)
	want := []string{"KeyName", "ImageId", "InstanceId", "State.Name", "LaunchTime", "InstanceType"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if v := cellText(lookup(items[0], "State.Name")); v != "running" {
		t.Errorf("State.Name = %q", v)
	}
}

func TestDeriveColumnsOfScalarsIsEmpty(t *testing.T) {
	if got := deriveColumns([]any{"https://sqs/queue-1"}); len(got) != 0 {
		t.Errorf("scalar items have no member columns, got %v", got)
	}
}

func TestCellTextEscapesAndSummarises(t *testing.T) {
	cases := map[string]any{`a\x1b[2Jb`: "a\x1b[2Jb", "{2}": map[string]any{"a": 1, "b": 2}, "[3]": []any{1, 2, 3}, "42": int64(42)}
	for want, v := range cases {
		if got := cellText(v); got != want {
			t.Errorf("cellText(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestDeriveColumnsOfTaggedValues(t *testing.T) {
	items := []any{map[string]any{"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "1"}}}
	if got := deriveColumns(items); !reflect.DeepEqual(got, []string{"id.S", "n.N"}) {
		t.Errorf("got %v", got)
	}
}
