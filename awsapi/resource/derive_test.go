package resource

import (
	"reflect"

	"github.com/nimbus-tui/nimbus/awsapi/model"
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
}

func TestDeriveColumnsOfScalarsIsEmpty(t *testing.T) {
	if got := deriveColumns([]any{"https://sqs/queue-1"}); len(got) != 0 {
		t.Errorf("scalar items have no member columns, got %v", got)
	}
}

func TestDeriveColumnsOfTaggedValues(t *testing.T) {
	items := []any{map[string]any{"id": map[string]any{"S": "a"}, "n": map[string]any{"N": "1"}}}
	if got := deriveColumns(items); !reflect.DeepEqual(got, []string{"id.S", "n.N"}) {
		t.Errorf("got %v", got)
	}
}

// A generic collection of attribute maps (DynamoDB Scan) shows one column per attribute, as the
// form's paginated operations did, with the values under their type tags.
func TestGenericOperationDerivesColumnsFromItems(t *testing.T) {
	svc, err := model.Default().Load("dynamodb")
	if err != nil {
		t.Fatal(err)
	}
	d, err := (&Registry{}).GenericOperation(svc, "Scan")
	if err != nil {
		t.Fatal(err)
	}
	if !d.DerivesColumns() {
		t.Fatalf("Scan's items are maps: the columns should come from them, got %+v", d.Columns)
	}
	items := []any{map[string]any{"id": map[string]any{"S": "item-1"}, "n-1": map[string]any{"N": "7"}}}
	nd, err := d.ColumnsFrom(items)
	if err != nil {
		t.Fatal(err)
	}
	var titles, texts []string
	for i, c := range nd.Cells(items[0], time.Now()) {
		titles = append(titles, nd.Columns[i].Title)
		texts = append(texts, c.Text)
	}
	if !reflect.DeepEqual(titles, []string{"ID", "N-1"}) || !reflect.DeepEqual(texts, []string{"item-1", "7"}) {
		t.Errorf("columns %v, cells %v", titles, texts)
	}
	if d.DerivesColumns() == nd.DerivesColumns() || nd.ID(items[0]) == "" {
		t.Errorf("the derived def should be settled and keep an identity: %q", nd.ID(items[0]))
	}
}
