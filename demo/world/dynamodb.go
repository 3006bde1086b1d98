package world

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"
)

// DynamoDB's transitions in the demo.
const (
	TableCreatingFor = 6 * time.Second // CREATING → ACTIVE
	TableDeletingFor = 4 * time.Second // DELETING → gone
)

type table struct {
	name      string
	keys      []map[string]any // KeySchema
	attrs     []map[string]any // AttributeDefinitions
	items     map[string]map[string]any
	created   time.Time
	activeAt  time.Time // CREATING until then
	deletedAt time.Time // DELETING since then (zero: not deleting)
	id        string
}

type ddbStore struct {
	tables map[string]*table
	scale  func(time.Duration) time.Duration
}

func newDDB() *ddbStore {
	return &ddbStore{tables: map[string]*table{}, scale: func(d time.Duration) time.Duration { return d }}
}

func (s *ddbStore) settle(now time.Time) {
	for name, t := range s.tables {
		if !t.deletedAt.IsZero() && !now.Before(t.deletedAt.Add(s.scale(TableDeletingFor))) {
			delete(s.tables, name)
		}
	}
}

// registerDynamoDB adds the dynamodb operations to t.
func registerDynamoDB(t handlerTable) {
	op := func(h func(s *ddbStore, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			r := w.region(c.Account, c.Region)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.ddb.settle(c.Now)
			return h(r.ddb, r, c)
		}
	}
	t.add("dynamodb", map[string]func(*World, *Call) (map[string]any, error){
		"ListTables":    op(ddbListTables),
		"DescribeTable": op(ddbDescribeTable),
		"CreateTable":   op(ddbCreateTable),
		"DeleteTable":   op(ddbDeleteTable),
		"PutItem":       op(ddbPutItem),
		"GetItem":       op(ddbGetItem),
		"DeleteItem":    op(ddbDeleteItem),
		"UpdateItem":    op(ddbUpdateItem),
		"Scan":          op(ddbScan),
		"Query":         op(ddbQuery),
		"DescribeTimeToLive": op(func(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
			if _, err := s.table(str(c.In, "TableName"), true); err != nil {
				return nil, err
			}
			return map[string]any{"TimeToLiveDescription": map[string]any{"TimeToLiveStatus": "DISABLED"}}, nil
		}),
	})
}

func (s *ddbStore) table(name string, any bool) (*table, error) {
	t, ok := s.tables[name]
	if !ok {
		return nil, notFound("ResourceNotFoundException", "Requested resource not found: Table: %s not found", name)
	}
	return t, nil
}

func (t *table) status(now time.Time) string {
	switch {
	case !t.deletedAt.IsZero():
		return "DELETING"
	case now.Before(t.activeAt):
		return "CREATING"
	}
	return "ACTIVE"
}

func (t *table) keyNames() (hash, rng string) {
	for _, k := range t.keys {
		if str(k, "KeyType") == "HASH" {
			hash = str(k, "AttributeName")
		} else {
			rng = str(k, "AttributeName")
		}
	}
	return hash, rng
}

// itemKey is the item's primary key as a map key.
func (t *table) itemKey(item map[string]any) (string, error) {
	hash, rng := t.keyNames()
	h, ok := item[hash]
	if !ok {
		return "", invalid("ValidationException", "One of the required keys was not given a value: %s", hash)
	}
	k := scalarOf(h)
	if rng != "" {
		r, ok := item[rng]
		if !ok {
			return "", invalid("ValidationException", "One of the required keys was not given a value: %s", rng)
		}
		k += "\x00" + scalarOf(r)
	}
	return k, nil
}

func (t *table) describe(r *Region, now time.Time) map[string]any {
	size := 0
	for _, it := range t.items {
		b, _ := json.Marshal(it)
		size += len(b)
	}
	return map[string]any{
		"TableName": t.name, "TableStatus": t.status(now), "KeySchema": anyList(t.keys), "AttributeDefinitions": anyList(t.attrs),
		"ItemCount": int64(len(t.items)), "TableSizeBytes": int64(size), "CreationDateTime": t.created,
		"TableArn": arn("dynamodb", r.Name, r.Account.ID, "table/"+t.name), "TableId": t.id,
		"BillingModeSummary":        map[string]any{"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": t.created},
		"ProvisionedThroughput":     map[string]any{"ReadCapacityUnits": int64(0), "WriteCapacityUnits": int64(0), "NumberOfDecreasesToday": int64(0)},
		"DeletionProtectionEnabled": false,
		"TableClassSummary":         map[string]any{"TableClass": "STANDARD"},
	}
}

func ddbListTables(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	names := make([]string, 0, len(s.tables))
	for n := range s.tables {
		if n > str(c.In, "ExclusiveStartTableName") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	limit, _ := num(c.In, "Limit")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	out := map[string]any{}
	if int64(len(names)) > limit {
		names = names[:limit]
		out["LastEvaluatedTableName"] = names[len(names)-1]
	}
	out["TableNames"] = anyList(names)
	return out, nil
}

func ddbDescribeTable(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, err := s.table(str(c.In, "TableName"), true)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Table": t.describe(r, c.Now)}, nil
}

func ddbCreateTable(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "TableName")
	if _, ok := s.tables[name]; ok {
		return nil, invalid("ResourceInUseException", "Table already exists: %s", name)
	}
	keys := list(c.In, "KeySchema")
	if len(keys) == 0 {
		return nil, invalid("ValidationException", "1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
	}
	t := &table{name: name, keys: keys, attrs: list(c.In, "AttributeDefinitions"), items: map[string]map[string]any{},
		created: c.Now, activeAt: c.Now.Add(s.scale(TableCreatingFor)), id: hexID(r.Account.ID, r.Name, name, c.Now.String())}
	s.tables[name] = t
	return map[string]any{"TableDescription": t.describe(r, c.Now)}, nil
}

func ddbDeleteTable(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, err := s.table(str(c.In, "TableName"), true)
	if err != nil {
		return nil, err
	}
	if t.status(c.Now) != "ACTIVE" {
		return nil, invalid("ResourceInUseException", "Attempt to change a resource which is still in use: Table is being %s: %s", strings.ToLower(t.status(c.Now)), t.name)
	}
	t.deletedAt = c.Now
	return map[string]any{"TableDescription": t.describe(r, c.Now)}, nil
}

func activeTable(s *ddbStore, c *Call) (*table, error) {
	t, err := s.table(str(c.In, "TableName"), false)
	if err != nil {
		return nil, err
	}
	if st := t.status(c.Now); st != "ACTIVE" {
		return nil, notFound("ResourceNotFoundException", "Requested resource not found: Table %s is %s", t.name, st)
	}
	return t, nil
}

func exprContext(in map[string]any) exprCtx {
	names, _ := in["ExpressionAttributeNames"].(map[string]any)
	values, _ := in["ExpressionAttributeValues"].(map[string]any)
	return exprCtx{names: names, values: values}
}

func checkCondition(in map[string]any, item map[string]any) error {
	cond := str(in, "ConditionExpression")
	if cond == "" {
		return nil
	}
	if item == nil {
		item = map[string]any{}
	}
	ok, err := evalExpr(cond, item, exprContext(in))
	if err != nil {
		return err
	}
	if !ok {
		return invalid("ConditionalCheckFailedException", "The conditional request failed")
	}
	return nil
}

func ddbPutItem(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, err := activeTable(s, c)
	if err != nil {
		return nil, err
	}
	item, _ := c.In["Item"].(map[string]any)
	k, err := t.itemKey(item)
	if err != nil {
		return nil, err
	}
	old := t.items[k]
	if err := checkCondition(c.In, old); err != nil {
		return nil, err
	}
	t.items[k] = item
	return oldAttributes(c, old), nil
}

// keyedItem finds the active table a call names and the item key its Key input makes.
func keyedItem(s *ddbStore, c *Call) (*table, string, error) {
	t, err := activeTable(s, c)
	if err != nil {
		return nil, "", err
	}
	key, _ := c.In["Key"].(map[string]any)
	k, err := t.itemKey(key)
	return t, k, err
}

// oldAttributes is a write's answer: the item it replaced when ReturnValues is ALL_OLD.
func oldAttributes(c *Call, old map[string]any) map[string]any {
	if str(c.In, "ReturnValues") == "ALL_OLD" && old != nil {
		return map[string]any{"Attributes": old}
	}
	return map[string]any{}
}

func ddbGetItem(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, k, err := keyedItem(s, c)
	if err != nil {
		return nil, err
	}
	if item, ok := t.items[k]; ok {
		return map[string]any{"Item": project(item, c.In)}, nil
	}
	return map[string]any{}, nil
}

func ddbDeleteItem(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, k, err := keyedItem(s, c)
	if err != nil {
		return nil, err
	}
	old := t.items[k]
	if err := checkCondition(c.In, old); err != nil {
		return nil, err
	}
	delete(t.items, k)
	return oldAttributes(c, old), nil
}

// ddbUpdateItem knows SET a = :v (and a = a + :n), REMOVE a.
func ddbUpdateItem(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, k, err := keyedItem(s, c)
	if err != nil {
		return nil, err
	}
	old := t.items[k]
	if err := checkCondition(c.In, old); err != nil {
		return nil, err
	}
	item := map[string]any{}
	for n, v := range old {
		item[n] = v
	}
	key, _ := c.In["Key"].(map[string]any)
	for n, v := range key {
		item[n] = v
	}
	ctx := exprContext(c.In)
	resolve := func(n string) string {
		n = strings.TrimSpace(n)
		if strings.HasPrefix(n, "#") {
			if s, ok := ctx.names[n].(string); ok {
				return s
			}
		}
		return n
	}
	expr := str(c.In, "UpdateExpression")
	for _, clause := range splitClauses(expr) {
		verb, rest, _ := strings.Cut(strings.TrimSpace(clause), " ")
		switch strings.ToUpper(verb) {
		case "SET":
			for _, a := range strings.Split(rest, ",") {
				name, val, ok := strings.Cut(a, "=")
				if !ok {
					return nil, invalid("ValidationException", "Invalid UpdateExpression: %q", a)
				}
				v, err := setValue(strings.TrimSpace(val), item, ctx)
				if err != nil {
					return nil, err
				}
				item[resolve(name)] = v
			}
		case "REMOVE":
			for _, a := range strings.Split(rest, ",") {
				delete(item, resolve(a))
			}
		default:
			return nil, invalid("ValidationException", "Invalid UpdateExpression: %s is not in the demo", verb)
		}
	}
	t.items[k] = item
	out := map[string]any{}
	if rv := str(c.In, "ReturnValues"); rv == "ALL_NEW" || rv == "UPDATED_NEW" {
		out["Attributes"] = item
	}
	return out, nil
}

// splitClauses cuts an update expression before each SET/REMOVE/ADD/DELETE keyword.
func splitClauses(expr string) []string {
	var out []string
	words := strings.Fields(expr)
	cur := []string{}
	for _, w := range words {
		switch strings.ToUpper(w) {
		case "SET", "REMOVE", "ADD", "DELETE":
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
			}
			cur = []string{w}
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}

func setValue(expr string, item map[string]any, ctx exprCtx) (any, error) {
	get := func(t string) (any, error) {
		t = strings.TrimSpace(t)
		p := &ddbExpr{toks: []string{t}, ctx: ctx}
		return p.operand(item)
	}
	for _, op := range []string{"+", "-"} {
		if a, b, ok := strings.Cut(expr, " "+op+" "); ok {
			x, err := get(a)
			if err != nil {
				return nil, err
			}
			y, err := get(b)
			if err != nil {
				return nil, err
			}
			xf, _ := new(big.Float).SetString(scalarOf(x))
			yf, _ := new(big.Float).SetString(scalarOf(y))
			if xf == nil || yf == nil {
				return nil, invalid("ValidationException", "An operand in the update expression has an incorrect data type")
			}
			if op == "+" {
				xf.Add(xf, yf)
			} else {
				xf.Sub(xf, yf)
			}
			return map[string]any{"N": xf.Text('f', -1)}, nil
		}
	}
	return get(expr)
}

// project keeps the top-level attributes a ProjectionExpression names.
func project(item map[string]any, in map[string]any) map[string]any {
	pe := str(in, "ProjectionExpression")
	if pe == "" {
		return item
	}
	ctx := exprContext(in)
	out := map[string]any{}
	for _, n := range strings.Split(pe, ",") {
		n = strings.TrimSpace(n)
		if strings.HasPrefix(n, "#") {
			if s, ok := ctx.names[n].(string); ok {
				n = s
			}
		}
		if v, ok := item[n]; ok {
			out[n] = v
		}
	}
	return out
}

// sortedItems orders a table's items by hash then range key (numbers numerically).
func (t *table) sortedItems() []map[string]any {
	hash, rng := t.keyNames()
	out := make([]map[string]any, 0, len(t.items))
	for _, it := range t.items {
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool {
		if c, _ := compareAV(out[i][hash], out[j][hash]); c != 0 {
			return c < 0
		}
		c, _ := compareAV(out[i][rng], out[j][rng])
		return c < 0
	})
	return out
}

func keyOf(t *table, item map[string]any) map[string]any {
	hash, rng := t.keyNames()
	k := map[string]any{hash: item[hash]}
	if rng != "" {
		k[rng] = item[rng]
	}
	return k
}

// scanOrQuery walks items in order from ExclusiveStartKey, keeping those cond keeps, then the
// filter, up to Limit evaluated items.
func scanOrQuery(t *table, items []map[string]any, c *Call, keep func(map[string]any) (bool, error)) (map[string]any, error) {
	start := 0
	if esk, ok := c.In["ExclusiveStartKey"].(map[string]any); ok {
		k, err := t.itemKey(esk)
		if err != nil {
			return nil, err
		}
		for i, it := range items {
			if ik, _ := t.itemKey(it); ik == k {
				start = i + 1
				break
			}
		}
	}
	limit, _ := num(c.In, "Limit")
	ctx := exprContext(c.In)
	filter := str(c.In, "FilterExpression")
	var out []any
	scanned := 0
	var last map[string]any
	for i := start; i < len(items); i++ {
		it := items[i]
		ok, err := keep(it)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		scanned++
		last = it
		pass := true
		if filter != "" {
			if pass, err = evalExpr(filter, it, ctx); err != nil {
				return nil, err
			}
		}
		if pass {
			out = append(out, project(it, c.In))
		}
		if limit > 0 && int64(scanned) >= limit {
			res := page2(out, scanned, c)
			if i < len(items)-1 {
				res["LastEvaluatedKey"] = keyOf(t, last)
			}
			return res, nil
		}
	}
	return page2(out, scanned, c), nil
}

func page2(items []any, scanned int, c *Call) map[string]any {
	res := map[string]any{"Count": int64(len(items)), "ScannedCount": int64(scanned)}
	if str(c.In, "Select") != "COUNT" {
		res["Items"] = orEmpty(items)
	}
	return res
}

func ddbScan(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, err := activeTable(s, c)
	if err != nil {
		return nil, err
	}
	return scanOrQuery(t, t.sortedItems(), c, func(map[string]any) (bool, error) { return true, nil })
}

func ddbQuery(s *ddbStore, r *Region, c *Call) (map[string]any, error) {
	t, err := activeTable(s, c)
	if err != nil {
		return nil, err
	}
	if c.In["IndexName"] != nil {
		return nil, invalid("ValidationException", "The table does not have the specified index: %s", str(c.In, "IndexName"))
	}
	cond := str(c.In, "KeyConditionExpression")
	if cond == "" {
		return nil, invalid("ValidationException", "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
	}
	items := t.sortedItems()
	if fwd, ok := c.In["ScanIndexForward"].(bool); ok && !fwd {
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
	}
	ctx := exprContext(c.In)
	return scanOrQuery(t, items, c, func(it map[string]any) (bool, error) { return evalExpr(cond, it, ctx) })
}

// tableSpec is a seeded table: its name and how many items it holds.
type tableSpec struct {
	name  string
	items int
}

func seedDDB(r *Region, spec regionSpec, now time.Time) {
	for ti, ts := range spec.tables {
		created := now.Add(-time.Duration(100+ti*20) * 24 * time.Hour).Truncate(time.Second)
		t := &table{name: ts.name, items: map[string]map[string]any{}, created: created, activeAt: created,
			id: hexID(r.Account.ID, r.Name, ts.name)}
		s := func(v string) map[string]any { return map[string]any{"S": v} }
		n := func(v any) map[string]any { return map[string]any{"N": fmt.Sprint(v)} }
		kind := ts.name[strings.LastIndex(ts.name, "-")+1:]
		switch kind {
		case "orders":
			t.keys = []map[string]any{{"AttributeName": "customerId", "KeyType": "HASH"}, {"AttributeName": "orderId", "KeyType": "RANGE"}}
			t.attrs = []map[string]any{{"AttributeName": "customerId", "AttributeType": "S"}, {"AttributeName": "orderId", "AttributeType": "S"}}
			statuses := []string{"PLACED", "PAID", "SHIPPED", "DELIVERED"}
			for i := 0; i < ts.items; i++ {
				item := map[string]any{
					"customerId": s(fmt.Sprintf("c-%03d", i%7+1)), "orderId": s(fmt.Sprintf("o-%05d", 1000+i)),
					"status": s(statuses[i%len(statuses)]), "total": n(fmt.Sprintf("%d.%02d", 10+i*7%190, i*13%100)),
					"items": n(1 + i%4), "placedAt": s(now.Add(-time.Duration(i*5) * time.Hour).Format(time.RFC3339)),
				}
				if i%5 == 0 {
					item["gift"] = map[string]any{"BOOL": true}
				}
				if i%6 == 0 {
					item["tags"] = map[string]any{"SS": []any{"priority", "fragile"}}
				}
				k, _ := t.itemKey(item)
				t.items[k] = item
			}
		case "users":
			t.keys = []map[string]any{{"AttributeName": "userId", "KeyType": "HASH"}}
			t.attrs = []map[string]any{{"AttributeName": "userId", "AttributeType": "S"}}
			first := []string{"ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "frances", "edsger", "radia"}
			for i := 0; i < ts.items; i++ {
				name := first[i%len(first)]
				item := map[string]any{
					"userId": s(fmt.Sprintf("u-%04d", i+1)), "name": s(fmt.Sprintf("%s %d", name, i/len(first)+1)),
					"email": s(fmt.Sprintf("%s%d@example.com", name, i+1)), "plan": s([]string{"free", "pro", "team"}[i%3]),
					"address": map[string]any{"M": map[string]any{"city": s([]string{"Lisbon", "Oslo", "Lagos", "Lima"}[i%4]), "zip": s(fmt.Sprintf("%05d", 10000+i*37))}},
				}
				k, _ := t.itemKey(item)
				t.items[k] = item
			}
		default:
			t.keys = []map[string]any{{"AttributeName": "id", "KeyType": "HASH"}}
			t.attrs = []map[string]any{{"AttributeName": "id", "AttributeType": "S"}}
			for i := 0; i < ts.items; i++ {
				item := map[string]any{"id": s(fmt.Sprintf("%s-%04d", kind[:1], i+1)), "createdAt": n(now.Add(-time.Duration(i) * time.Hour).Unix()),
					"amount": n(i * 25), "note": s(fmt.Sprintf("%s record %d", kind, i+1))}
				k, _ := t.itemKey(item)
				t.items[k] = item
			}
		}
		r.ddb.tables[t.name] = t
	}
}
