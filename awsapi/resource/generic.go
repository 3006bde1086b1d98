package resource

import (
	"fmt"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// maxGenericColumns caps the columns of a generic collection: the first scalar members are the
// informative ones in most shapes.
const maxGenericColumns = 8

// Generic synthesises a Def for a paginated List*/Describe* operation that has no definition: the
// items are the paginator's first result key; the identifier is guessed from the item's *Id,
// *Name and *Arn members (the item itself when it is a string, such as SQS queue URLs); the
// columns are the item shape's scalar members. Its Type is "<service>:<Operation>".
func (r *Registry) Generic(svc *model.Service, op string) (*Def, error) {
	name, ok := svc.OperationName(op)
	if !ok {
		return nil, fmt.Errorf("%s has no operation %q", svc.Name, op)
	}
	if !strings.HasPrefix(name, "List") && !strings.HasPrefix(name, "Describe") {
		return nil, fmt.Errorf("%s %s is not a List or Describe operation: call it instead", svc.Name, name)
	}
	// A collection lists on open and refreshes on its own: only a read may (appsync ListApiKeys
	// reveals the keys, and a reveal must be asked for and confirmed).
	if d := readonly.Classify(svc.Name, name, nil); d.Class != readonly.Read {
		return nil, fmt.Errorf("%s %s is %s (%s): call it from :services instead, which asks first", svc.Name, name, d.Class, d.Reason)
	}
	return r.GenericOperation(svc, name)
}

// GenericOperation is Generic for any paginated operation, whatever its name or class: the
// services form opens its paginated calls through it, having asked first when the call reveals
// a secret. Items without scalar members in the model take their columns from the first items
// (DerivesColumns).
func (r *Registry) GenericOperation(svc *model.Service, op string) (*Def, error) {
	name, ok := svc.OperationName(op)
	if !ok {
		return nil, fmt.Errorf("%s has no operation %q", svc.Name, op)
	}
	pg, ok := svc.Paginator(name)
	if !ok || len(pg.ResultKey) == 0 {
		return nil, fmt.Errorf("%s %s has no paginator: call it instead", svc.Name, name)
	}
	key := pg.ResultKey[0]
	d := &Def{
		Type:    svc.Name + ":" + name,
		Title:   titleOf(key),
		Service: svc.Name,
		List:    List{Operation: name, Items: key},
	}
	itemRef := itemShapeRef(svc, name, key)
	var item *model.Shape
	if itemRef != nil {
		item = svc.Shape(itemRef.Shape)
	}
	if item == nil || item.Type != "structure" {
		d.Identifier = "@"
		d.Columns = []Column{{Title: strings.ToUpper(titleOf(key)), Path: "@", Flex: true}}
		d.derive = true // maps (DynamoDB items) show their members; strings stay whole
	} else {
		guessIdentity(d, svc, item, entityNames(itemRef.Shape, key))
		d.Columns = genericColumns(svc, item, d.Identifier)
	}
	if len(d.Columns) == 0 {
		// Items without scalar members (documents, nested structures): each whole until the
		// first items show which of their members to show.
		d.Columns = []Column{{Title: strings.ToUpper(titleOf(key)), Path: "@", Flex: true}}
		d.derive = true
	}
	p, err := d.compile()
	if err != nil {
		return nil, fmt.Errorf("generic collection of %s %s: %w", svc.Name, name, err)
	}
	p.children = map[string]*Def{}
	d.prog = p
	return d, nil
}

// itemShapeRef follows a result key ("DistributionList.Items") through the output shape to the
// list's member.
func itemShapeRef(svc *model.Service, op, key string) *model.ShapeRef {
	sh, err := svc.OutputShape(op)
	if err != nil {
		return nil
	}
	for _, part := range strings.Split(key, ".") {
		if sh == nil || sh.Members == nil || sh.Members[part] == nil {
			return nil
		}
		sh = svc.Shape(sh.Members[part].Shape)
	}
	if sh == nil || sh.Type != "list" || sh.Member == nil {
		return nil
	}
	return sh.Member
}

// titleOf turns a result key into a breadcrumb: "DistributionList.Items" → "items",
// "TableNames" → "table names".
func titleOf(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	var b strings.Builder
	for i, r := range key {
		if i > 0 && r >= 'A' && r <= 'Z' && !(key[i-1] >= 'A' && key[i-1] <= 'Z') {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// entityNames are the likely names of the listed entity: the item shape's name without its
// decoration ("FunctionConfiguration" → "Function", "UserSummary" → "User") and the result key's
// singular ("Users" → "User").
func entityNames(shapeName, key string) []string {
	var names []string
	base := shapeName
	for _, suffix := range []string{"Summary", "ListEntry", "Entry", "Item", "Details", "Detail", "Info", "Description", "Configuration", "Data"} {
		if s, ok := strings.CutSuffix(base, suffix); ok && s != "" {
			base = s
			break
		}
	}
	names = append(names, base, shapeName)
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	switch {
	case strings.HasSuffix(key, "ies"):
		names = append(names, strings.TrimSuffix(key, "ies")+"y")
	case strings.HasSuffix(key, "s"):
		names = append(names, strings.TrimSuffix(key, "s"))
	}
	return names
}

// guessIdentity picks the identifier, display name and ARN among the item's scalar members.
func guessIdentity(d *Def, svc *model.Service, item *model.Shape, entities []string) {
	members := item.OrderedMembers()
	isString := func(m string) bool {
		ref := item.Members[m]
		sh := svc.Shape(ref.Shape)
		return sh != nil && sh.Type == "string"
	}
	// find returns <Entity><suffix> or the bare suffix, in any case ("UserName", "functionName",
	// "name": restJson services spell members in camelCase).
	find := func(suffix string) string {
		for _, e := range entities {
			for _, m := range members {
				if strings.EqualFold(m, e+suffix) && isString(m) {
					return m
				}
			}
		}
		for _, m := range members {
			if strings.EqualFold(m, suffix) && isString(m) {
				return m
			}
		}
		return ""
	}
	anyWith := func(suffix string) string {
		for _, m := range members {
			if len(m) > len(suffix) && strings.EqualFold(m[len(m)-len(suffix):], suffix) && isString(m) {
				return m
			}
		}
		return ""
	}
	// A name reads best and most services' calls take it; then an id, then an ARN.
	id, name, arn := find("Id"), find("Name"), find("Arn")
	switch {
	case name != "":
		d.Identifier = name
	case id != "":
		d.Identifier = id
	case arn != "":
		d.Identifier = arn
	default:
		for _, suffix := range []string{"Name", "Id", "Arn"} {
			if m := anyWith(suffix); m != "" {
				d.Identifier = m
				break
			}
		}
	}
	if d.Identifier == "" {
		// No id-like member: the first required string, else the first string ("Key" of a tag).
		for _, m := range item.Required {
			if isString(m) {
				d.Identifier = quoteIdent(m)
				break
			}
		}
	}
	if d.Identifier == "" {
		for _, m := range members {
			if isString(m) {
				d.Identifier = quoteIdent(m)
				break
			}
		}
	}
	if d.Identifier == "" {
		d.Identifier = "@"
	}
	d.ARN = arn
}

// genericColumns shows the identifier first, then the other scalar members in model order.
func genericColumns(svc *model.Service, item *model.Shape, identifier string) []Column {
	var cols []Column
	add := func(m string, sh *model.Shape) {
		c := Column{Title: strings.ToUpper(titleOf(m)), Path: quoteIdent(m)}
		switch sh.Type {
		case "timestamp":
			c.Format = "ago"
		case "boolean":
			c.Format = "bool"
		case "long", "integer":
			if strings.Contains(m, "Bytes") {
				c.Format = "bytes"
			}
		case "string":
			if m == "State" || m == "Status" || strings.HasSuffix(m, "State") || strings.HasSuffix(m, "Status") {
				c.Format = "state"
			}
		}
		cols = append(cols, c)
	}
	if sh := memberShape(svc, item, identifier); sh != nil {
		add(identifier, sh)
		cols[0].Flex = true
	}
	for _, m := range item.OrderedMembers() {
		if len(cols) >= maxGenericColumns {
			break
		}
		if m == identifier {
			continue
		}
		sh := memberShape(svc, item, m)
		if sh == nil {
			continue
		}
		switch sh.Type {
		case "string", "integer", "long", "float", "double", "boolean", "timestamp":
			add(m, sh)
		}
	}
	return cols
}

func memberShape(svc *model.Service, item *model.Shape, m string) *model.Shape {
	ref := item.Members[m]
	if ref == nil {
		return nil
	}
	return svc.Shape(ref.Shape)
}

// quoteIdent quotes a member name that is not a bare JMESPath identifier.
func quoteIdent(m string) string {
	for i, r := range m {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return `"` + strings.ReplaceAll(m, `"`, `\"`) + `"`
		}
	}
	return m
}
