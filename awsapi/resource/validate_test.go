package resource_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/keymap"
)

// TestDefinitionsValid checks every file in defs/ against the service models; a failure names
// the file, the type and the field.
func TestDefinitionsValid(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			t.Error(line)
		}
		t.FailNow()
	}
	for _, err := range resource.Validate(r, model.Default(), keymap.Default().TakenOnTables) {
		t.Error(err)
	}
}

// TestValidateFindsProblems feeds definitions with one mistake of each kind and expects each to
// be reported with its file, type and field.
func TestValidateFindsProblems(t *testing.T) {
	fsys := fstest.MapFS{"ec2.yaml": {Data: []byte(`
service: ec2
resources:
  - type: thing
    aliases: [things]
    title: things
    identifier: InstanceId
    list:
      operation: DescribeInstancez
      items: Reservations[].Instances[]
      input: {InstanceIds: ["{id}"]}
    load:
      operation: describe-instances
      input: {InstanceIds: ["{id}"]}
    columns:
      - {title: ID, path: InstanceId, format: weird}
    actions:
      - name: stop
        key: j
        operation: StopInstances
        input: {InstanceIds: ["{id}"]}
        multi: true
        confirm: maybe
        waiter: InstanceGone
      - name: start
        operation: StartInstances
        input: {Bogus: 1}
      - name: describe
        operation: DescribeInstances
        input: {MaxResults: "{input.MaxResults}"}
    children:
      - name: vols
        type: vol
        bind: {Filterz: []}
    default: nothing
    waiters:
      - {waiter: InstanceStopped, input: {InstanceIds: ["{Id}"]}}
  - type: vol
    title: volumes
    identifier: VolumeId
    list: {operation: DescribeVolumes, items: Volumes}
    attributes: {keys: {operation: DescribeVolumes, input: {VolumeIds: ["{id}"]}}}
    columns: [{title: ID, path: VolumeId}, {title: SIZE, path: "Sizes.Value", priority: 12}, {title: TAGS, path: "length(Tags)"},
      {title: MADE, path: CreateTime, format: ago, whole: true}]
  - type: snap
    title: snapshots
    identifier: SnapshotId
    list: {operation: DescribeSnapshots, items: "Snapshotz[]"}
    load: {operation: DescribeSnapshots, input: {}, path: "Snapshots[0]"}
    columns: [{title: ID, path: SnapshotId}]
  - type: q
    title: queues
    identifier: QueueUrl
    list: {operation: DescribeKeyPairs, items: "KeyPairs[].KeyName"}
    columns: [{title: ID, path: "@"}]
`)}}
	_, err := resource.Parse(fsys)
	if err == nil {
		t.Fatal("Parse accepted the misspelt placeholder {Id}")
	}
	if !strings.Contains(err.Error(), "defs/ec2.yaml: type thing: waiters[0] (InstanceStopped).input") || !strings.Contains(err.Error(), "{Id}") {
		t.Errorf("Parse error does not name file, type and field of {Id}: %v", err)
	}
	// Without the bad placeholder, Parse succeeds and Validate reports the rest.
	fsys["ec2.yaml"].Data = []byte(strings.Replace(string(fsys["ec2.yaml"].Data), "{Id}", "{id}", 1))
	r, err := resource.Parse(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range resource.Validate(r, model.Default(), keymap.Default().TakenOnTables) {
		got = append(got, e.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`defs/ec2.yaml: type thing: list.operation: ec2 has no operation "DescribeInstancez"`,
		`defs/ec2.yaml: type thing: load.operation: "describe-instances": write the model name "DescribeInstances"`,
		`defs/ec2.yaml: type thing: columns[0] (ID).format: unknown format "weird"`,
		`defs/ec2.yaml: type thing: actions[0] (stop).key: "j" is a key of the table`,
		`defs/ec2.yaml: type thing: actions[0] (stop).confirm: unknown level "maybe"`,
		`defs/ec2.yaml: type thing: actions[0] (stop).waiter: ec2 has no waiter "InstanceGone"`,
		`defs/ec2.yaml: type thing: actions[0] (stop).input: InstanceIds: [0]: {id} stands for one row, but a multi action`,
		`defs/ec2.yaml: type thing: actions[1] (start).input: ec2 StartInstances requires "InstanceIds"`,
		`defs/ec2.yaml: type thing: children[0] (vols).bind: ec2 DescribeVolumes has no input member "Filterz"`,
		`defs/ec2.yaml: type thing: default: "nothing" names no child`,
		`defs/ec2.yaml: type thing: list.input: InstanceIds: [0]: {id}: a list input has no row`,
		`defs/ec2.yaml: type thing: actions[1] (start).input: ec2 StartInstances has no input member "Bogus"`,
		`defs/ec2.yaml: type thing: actions[2] (describe).input: MaxResults: {input.MaxResults}: rows may be listed without MaxResults`,
		`defs/ec2.yaml: type vol: columns[1] (SIZE).path: the items (Volumes) have no member "Sizes"`,
		`defs/ec2.yaml: type vol: attributes.keys.input: VolumeIds: [0]: {id}: the key attributes are found before any row: use {input.X}`,
		`defs/ec2.yaml: type vol: attributes.keys.path: missing`,
		`defs/ec2.yaml: type vol: columns[1] (SIZE).priority: 12 is not 1 (hidden last) to 9 (hidden first)`,
		`defs/ec2.yaml: type vol: columns[3] (MADE).whole: an "ago" column is formatted, not an identifier to keep whole`,
		`defs/ec2.yaml: type snap: list.items: ec2 DescribeSnapshots output has no member "Snapshotz"`,
		`defs/ec2.yaml: type q: identifier: "QueueUrl" reads member "QueueUrl", but each item is a string: use @`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem:\n  %s\ngot:\n  %s", want, strings.Join(got, "\n  "))
		}
	}
}

func TestParseRejectsDuplicatesAndUnknownFields(t *testing.T) {
	fsys := fstest.MapFS{
		"ec2.yaml": {Data: []byte("service: ec2\nresources:\n  - {type: a, aliases: [x], title: a, identifier: Id, list: {operation: DescribeVpcs, items: Vpcs}, columns: [{title: A, path: A}]}\n")},
		"sqs.yaml": {Data: []byte("service: sqs\nresources:\n  - {type: b, aliases: [X], title: b, identifier: '@', idenitfier: oops, list: {operation: ListQueues, items: QueueUrls}, columns: [{title: A, path: '@'}]}\n")},
		"iam.yaml": {Data: []byte("service: sts\nresources: []\n")},
		"kms.yaml": {Data: []byte("service: kms\nresources:\n  - {type: c, title: c, identifier: 'KeyId[', list: {operation: ListKeys, items: Keys}, columns: [{title: A, path: A}]}\n")},
	}
	_, err := resource.Parse(fsys)
	if err == nil {
		t.Fatal("Parse accepted broken definitions")
	}
	for _, want := range []string{"defs/sqs.yaml", "idenitfier", `service "sts" does not match`, "defs/kms.yaml: type c: identifier: JMESPath"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Parse error lacks %q: %v", want, err)
		}
	}
}

// Action keys give way to the effective key map: a user who moves table.down to S (ec2's start
// key) gets a report naming the clash, where IsReservedKey's copy of the defaults saw none.
func TestActionKeysClashWithTheEffectiveKeyMap(t *testing.T) {
	r, err := resource.Default()
	if err != nil {
		t.Fatal(err)
	}
	km := keymap.Default()
	// S is also the S3 objects (and versions) pages' download key, which gives it up and says so.
	if err := km.Apply(map[string][]string{"table.down": {"S"}}); err == nil || !strings.HasPrefix(err.Error(), "table.down takes S from objects.download") {
		t.Fatal(err)
	}
	var clash []string
	for _, e := range resource.Validate(r, model.Default(), km.TakenOnTables) {
		if strings.Contains(e.Error(), `"S" is a key of the table`) {
			clash = append(clash, e.Error())
		}
	}
	if len(clash) == 0 {
		t.Error("the remapped S should clash with an action key")
	}
}
