// Package resource is boto3's resource layer as data: the everyday AWS objects (buckets,
// instances, tables, functions…) declared once per service in embedded YAML — how to list them,
// load one, show them as columns, act on them and wait for them, and which sub-resources hang
// below them — and evaluated over the generic engine (awsapi/invoke, paginate, waiter).
//
// Placeholders. Inputs (list input, bind, action input, waiter input) are JSON-like templates whose
// string values may be a whole placeholder, replaced by a value of any type:
//   - "{id}"        the row's identifier (Def.Identifier evaluated on the item)
//   - "{ids}"       every selected row's identifier, as a list (actions on several rows)
//   - "{name}"      the row's display name
//   - "{arn}"       the row's ARN
//   - "{input.X}"   member X of the input the row's collection was listed with (how a child
//     reaches its grandparent's identifiers: a log stream's events need the group name too)
//   - "{item:EXPR}" a JMESPath expression over the row's item
//   - "{each:EXPR}" a list: EXPR evaluated on every selected row's item (a Multi action's list of
//     structures: ECR's imageIds [{imageDigest: …}] is "{each:{imageDigest: imageDigest}}")
//   - "{output:EXPR}" a JMESPath expression over the action's output, in an action's waiterInput
//     only (Route 53's change id: "{output:ChangeInfo.Id}")
//
// A string that holds a placeholder among other text ("arn:aws:s3:::{id}/*") is interpolated as text.
package resource

// File is one service's definitions: awsapi/resource/defs/<service>.yaml.
type File struct {
	// Service is the botocore service name ("ec2", "dynamodb", "logs").
	Service   string `yaml:"service"`
	Resources []Def  `yaml:"resources"`
}

// Def is one resource type.
type Def struct {
	// Type names the type for `:` commands ("instance"); unique across all services.
	Type string `yaml:"type"`
	// Aliases also open it (`:ec2`, `:instances`, `:i`).
	Aliases []string `yaml:"aliases,omitempty"`
	// Title is the breadcrumb of its collection ("instances").
	Title string `yaml:"title"`
	// Service is filled from the File.
	Service string `yaml:"-"`
	// Identifier is a JMESPath over an item giving its id ("InstanceId").
	Identifier string `yaml:"identifier"`
	// Name is a JMESPath giving a display name, when it differs from the id (optional).
	Name string `yaml:"name,omitempty"`
	// ARN is a JMESPath giving the ARN (optional; `y` copies it when present, else the id).
	ARN string `yaml:"arn,omitempty"`
	// TopLevel is false for types reachable only from a parent (log streams need a group).
	TopLevel *bool `yaml:"topLevel,omitempty"`
	// Browser names a dedicated page instead of the generic one ("s3" reuses the S3 browser).
	Browser string `yaml:"browser,omitempty"`

	List    List     `yaml:"list"`
	Load    *Load    `yaml:"load,omitempty"`
	Columns []Column `yaml:"columns"`
	Actions []Action `yaml:"actions,omitempty"`
	// Children are the sub-resources and has-many collections below a row.
	Children []Child `yaml:"children,omitempty"`
	// Default names the child that enter drills into; without one enter describes the row.
	Default string `yaml:"default,omitempty"`
	// Waiters lists the service waiters that make sense for this type, with their input, so any
	// row can be waited on for a chosen state ("InstanceStopped").
	Waiters []WaiterRef `yaml:"waiters,omitempty"`
	// Attributes shows items that are maps of typed attributes (DynamoDB's {"S": "x"}) one
	// column per attribute instead of Columns (which remain for other uses).
	Attributes *Attributes `yaml:"attributes,omitempty"`

	// file is where the type is defined ("defs/ec2.yaml"), for messages.
	file string
	// prog holds the compiled expressions, set once by Parse, Generic or Compile.
	prog *program
	// derive: the columns come from the first items (ColumnsFrom), the model having none to give.
	derive bool
}

// List is how a collection of the type is listed.
type List struct {
	// Operation is listed through its paginator when the model has one, else called once.
	Operation string `yaml:"operation"`
	// Items is a JMESPath over each page giving the items ("Reservations[].Instances[]").
	Items string `yaml:"items"`
	// Input is the static input of the list operation (a template).
	Input map[string]any `yaml:"input,omitempty"`
	// Hydrate replaces each listed item by its description, for lists that give ids only
	// (ECS ARNs, DynamoDB table names), so that columns can show states and counts.
	Hydrate *Hydrate `yaml:"hydrate,omitempty"`
}

// Hydrate is a describe operation the Lister runs after each listed page, on the page's items.
// Each listed item is replaced by its hydrated one; an item the describe does not return (deleted
// in between, or the call failed: see Lister.HydrateErr) stays as listed, so identifier, name
// and column paths should read both forms ("clusterArn || @").
type Hydrate struct {
	// Operation is the describe operation (a read).
	Operation string `yaml:"operation"`
	// Input is its input: a template over the page's rows, with "{ids}" (up to Batch of them)
	// and "{input.X}"; with Batch 1, one row's placeholders ("{id}", "{item:EXPR}").
	Input map[string]any `yaml:"input"`
	// Items is a JMESPath over the output giving the hydrated items ("clusters"). With Batch 1
	// the variable $item is the listed item, for outputs that do not repeat the id
	// ("merge(Attributes, {QueueUrl: $item})").
	Items string `yaml:"items"`
	// Batch is the most ids one call takes (DescribeClusters 100, DescribeServices 10); 1 means
	// one call per item, several at once.
	Batch int `yaml:"batch"`
	// Match is a JMESPath giving a hydrated item's id, to pair it with the listed item of the
	// same id (required unless Batch is 1, where the call's item is the row's).
	Match string `yaml:"match,omitempty"`
}

// Load describes one resource (the `d` describe page, and refreshing one row after a waiter).
type Load struct {
	Operation string         `yaml:"operation"`
	Input     map[string]any `yaml:"input"`
	// Path is a JMESPath over the output giving the resource ("Reservations[0].Instances[0]");
	// empty means the whole output.
	Path string `yaml:"path,omitempty"`
}

// Column is one column of the collection table.
type Column struct {
	Title string `yaml:"title"`
	// Path is a JMESPath over the item.
	Path string `yaml:"path"`
	// Format is a display hint: "" (text), "ago" (a time as "3d ago"), "time", "bytes",
	// "state" (coloured by value: running/available/active green, pending/…ing yellow,
	// stopped/failed/deleted red), "count" (a list's length), "bool"; for numbers in a unit,
	// "mib" and "gib" (a size in MiB or GiB, shown as bytes are) and "seconds" (shown as "1m 30s").
	Format string `yaml:"format,omitempty"`
	// Width caps the column (0: fit the content); Flex takes the width left.
	Width int  `yaml:"width,omitempty"`
	Flex  bool `yaml:"flex,omitempty"`
	// Priority says which columns a narrow terminal hides first: 1 (hidden last) to 9 (first);
	// 0 means the default (see Def.ColumnPriority).
	Priority int `yaml:"priority,omitempty"`
	// Whole marks a column of identifiers (a VPC id, an instance id): it is shown in full or
	// hidden, never cut, and Width does not apply. The column of the type's Identifier always is.
	Whole bool `yaml:"whole,omitempty"`
}

// Default priorities of columns that give none.
const (
	PriorityFirst = 1 // the first column, and the identifier's: what names the row
	PriorityMain  = 2 // the Flex column and states
	PriorityOther = 5 // the rest, hidden from the right
	PriorityLast  = 9
)

// ColumnPriority is column i's Priority, or its default: 1 for the first column and the
// identifier's, 2 for a Flex or state column, 5 otherwise.
func (d *Def) ColumnPriority(i int) int {
	c := d.Columns[i]
	switch {
	case c.Priority > 0:
		return c.Priority
	case i == 0 || c.Path == d.Identifier:
		return PriorityFirst
	case c.Flex || c.Format == "state":
		return PriorityMain
	}
	return PriorityOther
}

// ColumnWhole reports whether column i is never cut: it says so, or it shows the identifier.
func (d *Def) ColumnWhole(i int) bool {
	c := d.Columns[i]
	return c.Whole || c.Path == d.Identifier
}

// Confirm levels of an action.
const (
	ConfirmNone   = "none"   // read-only or harmless (invoke with a payload is still confirmed)
	ConfirmSimple = "simple" // y/enter
	ConfirmTyped  = "typed"  // type the resource's name or id: irreversible
)

// Action is an operation with the row's identifiers bound.
type Action struct {
	// Name is what the actions menu shows ("stop").
	Name string `yaml:"name"`
	// Key runs it directly from the collection (optional; must not clash with the table's keys).
	Key       string         `yaml:"key,omitempty"`
	Operation string         `yaml:"operation"`
	Input     map[string]any `yaml:"input"`
	// Multi is true when one call takes every selected row ({ids}); otherwise it is called once
	// per selected row.
	Multi bool `yaml:"multi,omitempty"`
	// Confirm is none, simple or typed; empty means simple for mutating operations, none for reads.
	Confirm string `yaml:"confirm,omitempty"`
	// Prompt lists input members the user fills before the call (a payload to invoke with, a
	// message to send), as form fields of the operation's input shape.
	Prompt []string `yaml:"prompt,omitempty"`
	// Waiter is started after the call, on each row, with WaiterInput ("InstanceStopped").
	Waiter      string         `yaml:"waiter,omitempty"`
	WaiterInput map[string]any `yaml:"waiterInput,omitempty"`
	// Result says what to show after the call: "" (a toast and a refresh), "document" (the
	// output as a tree: Lambda invoke's response, SQS receive), "secret" (revealed on request).
	Result string `yaml:"result,omitempty"`
}

// Child is a sub-resource collection of a row.
type Child struct {
	// Name is what the sub-resources menu shows ("volumes").
	Name string `yaml:"name"`
	// Type is the child's resource type.
	Type string `yaml:"type"`
	// Bind is merged into the child's list input, evaluated on the parent row.
	Bind map[string]any `yaml:"bind"`
}

// Attributes is how items that are attribute maps are shown: a column per attribute, the key
// attributes first, then the most common ones; the others together in a last column.
type Attributes struct {
	// Keys finds the key attribute names: a read whose input is a template over the list input
	// ("{input.TableName}") and whose path gives the names in order ("Table.KeySchema[].AttributeName").
	Keys *Load `yaml:"keys,omitempty"`
	// Max is the most attribute columns (0: 12).
	Max int `yaml:"max,omitempty"`
}

// WaiterRef is a waiter a row can be waited on with.
type WaiterRef struct {
	Waiter string         `yaml:"waiter"`
	Input  map[string]any `yaml:"input"`
}
