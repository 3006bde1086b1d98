package world

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nimbus-tui/nimbus/demo/wire"
)

// CloudFormation: stacks whose updates and deletes run on the world's clock, emitting their
// events as they go. An update takes StackUpdateFor.

// StackUpdateFor is how long a stack update runs; StackCreateFor a creation, StackDeleteFor a
// delete.
const (
	StackUpdateFor = 20 * time.Second
	StackCreateFor = 15 * time.Second
	StackDeleteFor = 10 * time.Second
)

type cfnResource struct {
	logical, physical, typ string
	updated                time.Time
	status                 string
}

type cfnEvent struct {
	at                                     time.Time
	logical, physical, typ, status, reason string
}

// stackOp is an update or delete in progress: its events, dated from its start.
type stackOp struct {
	kind   string // UPDATE, DELETE
	start  time.Time
	events []cfnEvent // in time order; those not yet due are pending
	done   int        // events already applied
}

type stack struct {
	name, id, description, template string
	created, updated                time.Time
	deleted                         time.Time
	status, reason                  string
	params                          []map[string]any
	noEcho                          map[string]bool // parameters DescribeStacks shows as ****
	capabilities                    []any
	outputs                         []map[string]any
	tags                            []any
	resources                       []*cfnResource
	events                          []cfnEvent // applied, in time order
	op                              *stackOp
}

type cfnStore struct {
	stacks []*stack // creation order; deleted ones stay for ListStacks
	scale  func(time.Duration) time.Duration
}

func newCFN() *cfnStore { return &cfnStore{scale: func(d time.Duration) time.Duration { return d }} }

func (s *cfnStore) settle(now time.Time) {
	for _, st := range s.stacks {
		st.settle(now)
	}
}

// settle applies the running operation's events that are due.
func (st *stack) settle(now time.Time) {
	op := st.op
	if op == nil {
		return
	}
	for op.done < len(op.events) && !now.Before(op.events[op.done].at) {
		e := op.events[op.done]
		op.done++
		st.events = append(st.events, e)
		if e.logical == st.name {
			st.status, st.reason = e.status, e.reason
			continue
		}
		for i, r := range st.resources {
			if r.logical != e.logical {
				continue
			}
			r.status, r.updated = e.status, e.at
			if op.kind == "UPDATE" && e.status == "DELETE_COMPLETE" {
				// A resource the new template lacks leaves the stack in the cleanup.
				st.resources = append(st.resources[:i], st.resources[i+1:]...)
			}
			break
		}
	}
	if op.done == len(op.events) {
		if op.kind == "DELETE" {
			st.deleted = op.events[len(op.events)-1].at
		}
		st.op = nil
	}
}

// registerCloudFormation adds the cloudformation operations to t.
func registerCloudFormation(t handlerTable) {
	op := func(h func(s *cfnStore, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			r := w.region(c.Account, c.Region)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.cfn.settle(c.Now)
			return h(r.cfn, r, c)
		}
	}
	t.add("cloudformation", map[string]func(*World, *Call) (map[string]any, error){
		"DescribeStacks":         op(cfnDescribeStacks),
		"ListStacks":             op(cfnListStacks),
		"DescribeStackEvents":    op(cfnDescribeEvents),
		"ListStackResources":     op(cfnListResources),
		"DescribeStackResources": op(cfnDescribeResources),
		"DescribeStackResource":  op(cfnDescribeResource),
		"GetTemplate":            op(cfnGetTemplate),
		"UpdateStack":            op(cfnUpdateStack),
		"CreateStack":            op(cfnCreateStack),
		"DeleteStack":            op(cfnDeleteStack),
	})
}

func noStack(name string) error {
	return invalid("ValidationError", "Stack with id %s does not exist", name)
}

// live finds a stack that is not deleted by name or id.
func (s *cfnStore) live(name string) (*stack, error) {
	for _, st := range s.stacks {
		if st.deleted.IsZero() && (st.name == name || st.id == name) {
			return st, nil
		}
	}
	// A deleted stack is still found by its id.
	for _, st := range s.stacks {
		if st.id == name {
			return st, nil
		}
	}
	return nil, noStack(name)
}

func (st *stack) doc() map[string]any {
	d := map[string]any{
		"StackName": st.name, "StackId": st.id, "Description": st.description, "CreationTime": st.created,
		"StackStatus": st.status, "Parameters": st.shownParams(), "Outputs": anyList(st.outputs), "Tags": st.tags,
		"DisableRollback": false, "NotificationARNs": []any{}, "Capabilities": orEmpty(st.capabilities),
		"EnableTerminationProtection": false, "DriftInformation": map[string]any{"StackDriftStatus": "NOT_CHECKED"},
	}
	if !st.updated.IsZero() {
		d["LastUpdatedTime"] = st.updated
	}
	if !st.deleted.IsZero() {
		d["DeletionTime"] = st.deleted
	}
	if st.reason != "" {
		d["StackStatusReason"] = st.reason
	}
	return d
}

// shownParams are the parameters as DescribeStacks shows them: a NoEcho one's value as ****.
func (st *stack) shownParams() []any {
	out := make([]any, len(st.params))
	for i, p := range st.params {
		k := str(p, "ParameterKey")
		if st.noEcho[k] {
			out[i] = map[string]any{"ParameterKey": k, "ParameterValue": "****"}
			continue
		}
		out[i] = map[string]any{"ParameterKey": k, "ParameterValue": str(p, "ParameterValue")}
	}
	return out
}

func cfnDescribeStacks(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	if name := str(c.In, "StackName"); name != "" {
		st, err := s.live(name)
		if err != nil {
			return nil, err
		}
		return map[string]any{"Stacks": []any{st.doc()}}, nil
	}
	var out []any
	for _, st := range s.stacks {
		if st.deleted.IsZero() {
			out = append(out, st.doc())
		}
	}
	return map[string]any{"Stacks": orEmpty(out)}, nil
}

func cfnListStacks(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	filter := strs(c.In, "StackStatusFilter")
	var out []any
	for _, st := range s.stacks {
		if len(filter) > 0 && !contains(filter, st.status) {
			continue
		}
		d := map[string]any{"StackName": st.name, "StackId": st.id, "CreationTime": st.created, "StackStatus": st.status, "TemplateDescription": st.description}
		if !st.updated.IsZero() {
			d["LastUpdatedTime"] = st.updated
		}
		if !st.deleted.IsZero() {
			d["DeletionTime"] = st.deleted
		}
		out = append(out, d)
	}
	return map[string]any{"StackSummaries": orEmpty(out)}, nil
}

func (st *stack) eventDoc(e cfnEvent, i int) map[string]any {
	d := map[string]any{"StackId": st.id, "StackName": st.name, "EventId": fmt.Sprintf("%s-%s", e.logical, hexID(st.id, fmt.Sprint(i))[1:13]),
		"LogicalResourceId": e.logical, "PhysicalResourceId": e.physical, "ResourceType": e.typ, "ResourceStatus": e.status, "Timestamp": e.at}
	if e.reason != "" {
		d["ResourceStatusReason"] = e.reason
	}
	return d
}

func cfnDescribeEvents(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for i := len(st.events) - 1; i >= 0; i-- {
		out = append(out, st.eventDoc(st.events[i], i))
	}
	pageItems, tok := page(out, str(c.In, "NextToken"), 0, 100)
	res := map[string]any{"StackEvents": anyList(pageItems)}
	if tok != "" {
		res["NextToken"] = tok
	}
	return res, nil
}

func cfnListResources(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	var out []any
	for _, res := range st.resources {
		out = append(out, map[string]any{"LogicalResourceId": res.logical, "PhysicalResourceId": res.physical, "ResourceType": res.typ,
			"ResourceStatus": res.status, "LastUpdatedTimestamp": res.updated, "DriftInformation": map[string]any{"StackResourceDriftStatus": "NOT_CHECKED"}})
	}
	return map[string]any{"StackResourceSummaries": orEmpty(out)}, nil
}

func cfnDescribeResources(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	var out []any
	for _, res := range st.resources {
		if l := str(c.In, "LogicalResourceId"); l != "" && l != res.logical {
			continue
		}
		out = append(out, map[string]any{"StackName": st.name, "StackId": st.id, "LogicalResourceId": res.logical, "PhysicalResourceId": res.physical,
			"ResourceType": res.typ, "ResourceStatus": res.status, "Timestamp": res.updated})
	}
	return map[string]any{"StackResources": orEmpty(out)}, nil
}

func cfnDescribeResource(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	for _, res := range st.resources {
		if res.logical == str(c.In, "LogicalResourceId") {
			return map[string]any{"StackResourceDetail": map[string]any{"StackName": st.name, "StackId": st.id, "LogicalResourceId": res.logical,
				"PhysicalResourceId": res.physical, "ResourceType": res.typ, "ResourceStatus": res.status, "LastUpdatedTimestamp": res.updated,
				"Metadata": "{}", "DriftInformation": map[string]any{"StackResourceDriftStatus": "NOT_CHECKED"}}}, nil
		}
	}
	return nil, invalid("ValidationError", "Resource %s does not exist for stack %s", str(c.In, "LogicalResourceId"), st.name)
}

func cfnGetTemplate(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	return map[string]any{"TemplateBody": st.template, "StagesAvailable": []any{"Original", "Processed"}}, nil
}

func busy(st *stack) error {
	if strings.HasSuffix(st.status, "_IN_PROGRESS") {
		return invalid("ValidationError", "Stack:%s is in %s state and can not be updated.", st.id, st.status)
	}
	return nil
}

// cfnUpdateStack starts an update over StackUpdateFor, as planUpdate says. It takes the previous
// template or a new one, and the parameters as CloudFormation does (a value, the previous value,
// else the template's default); an update that changes nothing, or a resource's type, is refused.
func cfnUpdateStack(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil {
		return nil, err
	}
	if err := busy(st); err != nil {
		return nil, err
	}
	body, prev := str(c.In, "TemplateBody"), c.In["UsePreviousTemplate"] == true
	switch {
	case str(c.In, "TemplateURL") != "":
		return nil, invalid("ValidationError", "TemplateURL is not in the demo: give TemplateBody or UsePreviousTemplate")
	case body != "" && prev:
		return nil, invalid("ValidationError", "You cannot specify both usePreviousTemplate and Template Body")
	case body == "" && !prev:
		return nil, invalid("ValidationError", "Either Template URL or Template Body must be specified.")
	case prev:
		body = st.template
	}
	t, err := parseTemplate(body)
	if err != nil {
		return nil, err
	}
	params, noEcho, err := bindParams(t, list(c.In, "Parameters"), st.params)
	if err != nil {
		return nil, err
	}
	if err := needsCapabilities(t, strs(c.In, "Capabilities")); err != nil {
		return nil, err
	}
	old, err := parseTemplate(st.template)
	if err != nil {
		old = &template{}
	}
	if err := typeChanges(old, t); err != nil {
		return nil, err
	}
	changed := body != st.template || len(params) != len(st.params)
	for i := range params {
		changed = changed || i >= len(st.params) || str(params[i], "ParameterKey") != str(st.params[i], "ParameterKey") ||
			str(params[i], "ParameterValue") != str(st.params[i], "ParameterValue")
	}
	if !changed {
		return nil, invalid("ValidationError", "No updates are to be performed.")
	}
	actions := planUpdate(old, t, changedParams(st.params, params))
	st.template, st.params, st.noEcho, st.capabilities = body, params, noEcho, anyList(strs(c.In, "Capabilities"))
	removed := st.apply(r, t)
	var changes []resChange
	for _, res := range st.resources {
		if a := actions[res.logical]; a != "" {
			changes = append(changes, resChange{res, a})
		}
	}
	for i := len(removed) - 1; i >= 0; i-- { // the last one first, as dependents go before what they use
		changes = append(changes, resChange{removed[i], "DELETE"})
	}
	st.resources = append(st.resources, removed...) // until the cleanup deletes them
	st.updated = c.Now
	st.op = st.timeline("UPDATE", c.Now, s.scale(StackUpdateFor), changes)
	st.settle(c.Now)
	return map[string]any{"StackId": st.id}, nil
}

// bindParams gives each of the template's parameters its value: the one given, the previous
// one (UsePreviousValue), else the default; a parameter the template lacks is refused.
func bindParams(t *template, given, previous []map[string]any) ([]map[string]any, map[string]bool, error) {
	byKey := map[string]map[string]any{}
	for _, p := range given {
		k := str(p, "ParameterKey")
		if !slicesContainsParam(t.params, k) {
			return nil, nil, invalid("ValidationError", "Parameters: [%s] do not exist in the template", k)
		}
		byKey[k] = p
	}
	var out []map[string]any
	noEcho := map[string]bool{}
	var missing []string
	for _, tp := range t.params {
		p, ok := byKey[tp.key]
		value, has := "", false
		switch {
		case ok && p["UsePreviousValue"] == true:
			if _, v := p["ParameterValue"]; v && str(p, "ParameterValue") != "" {
				return nil, nil, invalid("ValidationError", "Invalid input for parameter key %s. Cannot specify usePreviousValue as true and non empty value for a parameter", tp.key)
			}
			for _, old := range previous {
				if str(old, "ParameterKey") == tp.key {
					value, has = str(old, "ParameterValue"), true
				}
			}
			if !has {
				return nil, nil, invalid("ValidationError", "Invalid input for parameter key %s. Cannot specify usePreviousValue as true for a parameter that was not in the previous template", tp.key)
			}
		case ok:
			value, has = str(p, "ParameterValue"), true
		case tp.hasDef:
			value, has = tp.def, true
		}
		if !has {
			missing = append(missing, tp.key)
			continue
		}
		out = append(out, map[string]any{"ParameterKey": tp.key, "ParameterValue": value})
		if tp.noEcho {
			noEcho[tp.key] = true
		}
	}
	if len(missing) > 0 {
		return nil, nil, invalid("ValidationError", "Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	return out, noEcho, nil
}

func slicesContainsParam(ps []tmplParam, key string) bool {
	for _, p := range ps {
		if p.key == key {
			return true
		}
	}
	return false
}

// needsCapabilities refuses a template with IAM resources unless the caller acknowledged them.
func needsCapabilities(t *template, caps []string) error {
	for _, r := range t.resources {
		if strings.HasPrefix(r.typ, "AWS::IAM::") && !contains(caps, "CAPABILITY_IAM") && !contains(caps, "CAPABILITY_NAMED_IAM") {
			return invalid("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]")
		}
	}
	return nil
}

// typeChanges refuses a template that gives a resource the stack has another type.
func typeChanges(old, t *template) error {
	was := map[string]string{}
	for _, r := range old.resources {
		was[r.logical] = r.typ
	}
	var changed []string
	for _, r := range t.resources {
		if typ, ok := was[r.logical]; ok && typ != r.typ {
			changed = append(changed, r.logical)
		}
	}
	if len(changed) > 0 {
		return invalid("ValidationError", "Update of resource type is not permitted. The new template modifies resource type of the following resources: [%s]", strings.Join(changed, ", "))
	}
	return nil
}

// changedParams are the parameters whose value the update changes (or that are new).
func changedParams(before, after []map[string]any) map[string]bool {
	was := map[string]string{}
	for _, p := range before {
		was[str(p, "ParameterKey")] = str(p, "ParameterValue")
	}
	out := map[string]bool{}
	for _, p := range after {
		if v, ok := was[str(p, "ParameterKey")]; !ok || v != str(p, "ParameterValue") {
			out[str(p, "ParameterKey")] = true
		}
	}
	return out
}

// planUpdate is what an update does to the new template's resources, by logical id: CREATE
// those the stack lacks; UPDATE those whose properties change, that Ref a parameter whose value
// changes, or that read an attribute (GetAtt) of a resource the update creates or updates; the
// others are left alone and have no events. (Replacements are not modelled.)
func planUpdate(old, t *template, params map[string]bool) map[string]string {
	was := map[string]tmplResource{}
	for _, r := range old.resources {
		was[r.logical] = r
	}
	action := map[string]string{}
	for _, r := range t.resources {
		o, ok := was[r.logical]
		switch {
		case !ok:
			action[r.logical] = "CREATE"
		case o.props != r.props || slices.ContainsFunc(r.refs, func(ref string) bool { return params[ref] }):
			action[r.logical] = "UPDATE"
		}
	}
	for more := true; more; {
		more = false
		for _, r := range t.resources {
			if action[r.logical] == "" && slices.ContainsFunc(r.atts, func(a string) bool { return action[a] != "" }) {
				action[r.logical], more = "UPDATE", true
			}
		}
	}
	return action
}

// apply takes a template's resources (keeping the physical ids of those the stack has) and
// outputs, and returns the stack's resources that the template does not have.
func (st *stack) apply(r *Region, t *template) (removed []*cfnResource) {
	if t.description != "" {
		st.description = t.description
	}
	old := map[string]*cfnResource{}
	for _, res := range st.resources {
		old[res.logical] = res
	}
	kept := st.resources
	st.resources = nil
	for _, tr := range t.resources {
		res, ok := old[tr.logical]
		if !ok || res.typ != tr.typ {
			res = &cfnResource{logical: tr.logical, typ: tr.typ, physical: physicalID(r, st.name, tr.logical, tr.typ)}
		}
		st.resources = append(st.resources, res)
		delete(old, tr.logical)
	}
	for _, res := range kept {
		if old[res.logical] == res {
			removed = append(removed, res)
		}
	}
	st.outputs = nil
	for _, o := range t.outputs {
		value := o.value
		if o.ref != "" {
			value = st.resolveRef(r, o.ref)
		}
		doc := map[string]any{"OutputKey": o.key, "OutputValue": value}
		if o.desc != "" {
			doc["Description"] = o.desc
		}
		if o.export != "" {
			doc["ExportName"] = o.export
		}
		st.outputs = append(st.outputs, doc)
	}
	return removed
}

// resolveRef is what Ref gives: a resource's physical id, a parameter's value, a pseudo parameter.
func (st *stack) resolveRef(r *Region, ref string) string {
	for _, res := range st.resources {
		if res.logical == ref {
			return res.physical
		}
	}
	for _, p := range st.params {
		if str(p, "ParameterKey") == ref {
			return str(p, "ParameterValue")
		}
	}
	switch ref {
	case "AWS::Region":
		return r.Name
	case "AWS::AccountId":
		return r.Account.ID
	case "AWS::StackName":
		return st.name
	case "AWS::StackId":
		return st.id
	}
	return ref
}

// physicalID is the name CloudFormation gives a resource: STACK-LOGICAL-RANDOM, as an ARN or
// URL for the types whose Ref is one.
func physicalID(r *Region, stackName, logical, typ string) string {
	name := stackName + "-" + logical + "-" + strings.ToUpper(hexID(r.Account.ID, r.Name, stackName, logical)[1:13])
	switch typ {
	case "AWS::SNS::Topic":
		return arn("sns", r.Name, r.Account.ID, name)
	case "AWS::SQS::Queue":
		return "https://sqs." + r.Name + ".amazonaws.com/" + r.Account.ID + "/" + name
	}
	return name
}

// Compiled on first use: its {0,127} makes a program of 1,500 allocations, too many for start-up.
var stackNameRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`)
})

// cfnCreateStack creates a stack from a template body: its resources are created one after the
// other over StackCreateFor.
func cfnCreateStack(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	name := str(c.In, "StackName")
	if !stackNameRE().MatchString(name) {
		return nil, invalid("ValidationError", "1 validation error detected: Value '%s' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*", name)
	}
	for _, st := range s.stacks {
		if st.name == name && st.deleted.IsZero() {
			return nil, &wire.Error{Status: http.StatusBadRequest, Code: "AlreadyExistsException", Message: fmt.Sprintf("Stack [%s] already exists", name)}
		}
	}
	body := str(c.In, "TemplateBody")
	if body == "" {
		if str(c.In, "TemplateURL") != "" {
			return nil, invalid("ValidationError", "TemplateURL is not in the demo: give TemplateBody")
		}
		return nil, invalid("ValidationError", "Either Template URL or Template Body must be specified.")
	}
	t, err := parseTemplate(body)
	if err != nil {
		return nil, err
	}
	params, noEcho, err := bindParams(t, list(c.In, "Parameters"), nil)
	if err != nil {
		return nil, err
	}
	if err := needsCapabilities(t, strs(c.In, "Capabilities")); err != nil {
		return nil, err
	}
	seed := fmt.Sprint(r.Account.ID, r.Name, name, c.Now.UnixNano())
	h := hexID(seed)[1:] + hexID(seed, "2")[1:]
	id := fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/%s-%s-%s-%s-%s", r.Name, r.Account.ID, name, h[:8], h[8:12], h[12:16], h[16:20], h[20:32])
	st := &stack{name: name, id: id, created: c.Now, status: "CREATE_IN_PROGRESS", template: body, params: params, noEcho: noEcho,
		capabilities: anyList(strs(c.In, "Capabilities")), tags: orEmpty(anyList(list(c.In, "Tags")))}
	st.apply(r, t)
	st.op = st.timeline("CREATE", c.Now, s.scale(StackCreateFor), st.every("CREATE"))
	st.settle(c.Now)
	s.stacks = append(s.stacks, st)
	return map[string]any{"StackId": id}, nil
}

func cfnDeleteStack(s *cfnStore, r *Region, c *Call) (map[string]any, error) {
	st, err := s.live(str(c.In, "StackName"))
	if err != nil || !st.deleted.IsZero() {
		return map[string]any{}, nil // deleting a stack that is not there succeeds
	}
	if err := busy(st); err != nil {
		return nil, err
	}
	st.op = st.timeline("DELETE", c.Now, s.scale(StackDeleteFor), st.every("DELETE"))
	st.settle(c.Now)
	return map[string]any{}, nil
}

// resChange is what an operation does to one resource: CREATE, UPDATE or DELETE.
type resChange struct {
	res    *cfnResource
	action string
}

// every is action on each of the stack's resources, in the order CloudFormation goes: the
// template's for a creation, the reverse for a delete.
func (st *stack) every(action string) []resChange {
	out := make([]resChange, len(st.resources))
	for i, r := range st.resources {
		out[i] = resChange{r, action}
	}
	if action == "DELETE" {
		slices.Reverse(out)
	}
	return out
}

// timeline is the events of an operation, as CloudFormation emits them: the stack's
// "User Initiated" start; each change in turn — X_IN_PROGRESS, for a creation again with
// "Resource creation Initiated" once the resource is asked for, then X_COMPLETE — between 5%
// and 85% of total; for an update UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, then its deletes (the
// resources the new template lacks); the stack's end at total.
func (st *stack) timeline(kind string, start time.Time, total time.Duration, changes []resChange) *stackOp {
	op := &stackOp{kind: kind, start: start}
	stackType := "AWS::CloudFormation::Stack"
	add := func(at time.Duration, logical, physical, typ, status, reason string) {
		op.events = append(op.events, cfnEvent{at: start.Add(at), logical: logical, physical: physical, typ: typ, status: status, reason: reason})
	}
	steps := func(cs []resChange, from, to time.Duration) {
		slot := (to - from) / time.Duration(max(len(cs), 1))
		for i, c := range cs {
			at := from + time.Duration(i)*slot
			r := c.res
			add(at, r.logical, r.physical, r.typ, c.action+"_IN_PROGRESS", "")
			if c.action == "CREATE" {
				add(at+slot/4, r.logical, r.physical, r.typ, "CREATE_IN_PROGRESS", "Resource creation Initiated")
			}
			add(at+slot*3/4, r.logical, r.physical, r.typ, c.action+"_COMPLETE", "")
		}
	}
	add(0, st.name, st.id, stackType, kind+"_IN_PROGRESS", "User Initiated")
	var main, cleanup []resChange
	for _, c := range changes {
		if kind == "UPDATE" && c.action == "DELETE" {
			cleanup = append(cleanup, c)
		} else {
			main = append(main, c)
		}
	}
	steps(main, total*5/100, total*85/100)
	if kind == "UPDATE" {
		add(total*88/100, st.name, st.id, stackType, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "")
		steps(cleanup, total*90/100, total*98/100)
	}
	add(total, st.name, st.id, stackType, kind+"_COMPLETE", "")
	sort.SliceStable(op.events, func(i, j int) bool { return op.events[i].at.Before(op.events[j].at) })
	return op
}

func seedCFN(r *Region, spec regionSpec, now time.Time) {
	for i, name := range spec.stacks {
		created := now.Add(-time.Duration(150-i*20) * 24 * time.Hour).Truncate(time.Second)
		id := fmt.Sprintf("arn:aws:cloudformation:%s:%s:stack/%s/%s", r.Name, r.Account.ID, name, strings.Join([]string{hexID(name)[1:9], "demo", "4c1f", "a7e2", hexID(name, "id")[1:13]}, "-"))
		st := &stack{name: name, id: id, created: created, status: "CREATE_COMPLETE", tags: tags("env", spec.env), capabilities: []any{"CAPABILITY_IAM"}}
		phys := func(prefix string, parts ...string) string {
			return prefix + "-" + hexID(append([]string{r.Account.ID, r.Name, name}, parts...)...)
		}
		// Each resource's properties, as the template says them: what refers to which parameter
		// says which resources an update of a parameter updates (planUpdate).
		var props map[string]string
		if strings.HasSuffix(name, "network") {
			st.description = "VPC, subnets and routing for " + spec.env
			st.params = []map[string]any{{"ParameterKey": "CidrBlock", "ParameterValue": spec.vpcCIDR + ".0.0/16"}, {"ParameterKey": "Environment", "ParameterValue": spec.env}}
			st.resources = []*cfnResource{
				{logical: "Vpc", physical: phys("vpc", "vpc"), typ: "AWS::EC2::VPC"},
				{logical: "PublicSubnetA", physical: phys("subnet", "a"), typ: "AWS::EC2::Subnet"},
				{logical: "PublicSubnetB", physical: phys("subnet", "b"), typ: "AWS::EC2::Subnet"},
				{logical: "InternetGateway", physical: phys("igw", "igw"), typ: "AWS::EC2::InternetGateway"},
				{logical: "PublicRouteTable", physical: phys("rtb", "rtb"), typ: "AWS::EC2::RouteTable"},
			}
			st.outputs = []map[string]any{{"OutputKey": "VpcId", "OutputValue": st.resources[0].physical, "Description": "the VPC", "ExportName": name + "-VpcId"}}
			props = map[string]string{
				"Vpc":              "{CidrBlock: !Ref CidrBlock, EnableDnsHostnames: true, Tags: [{Key: env, Value: !Ref Environment}]}",
				"PublicSubnetA":    "{VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!Ref CidrBlock, 4, 8]], MapPublicIpOnLaunch: true}",
				"PublicSubnetB":    "{VpcId: !Ref Vpc, CidrBlock: !Select [1, !Cidr [!Ref CidrBlock, 4, 8]], MapPublicIpOnLaunch: true}",
				"InternetGateway":  "{Tags: [{Key: env, Value: !Ref Environment}]}",
				"PublicRouteTable": "{VpcId: !Ref Vpc}",
			}
		} else {
			st.description = "web tier for " + spec.env + ": load balancer, auto scaling group, alarms"
			st.params = []map[string]any{{"ParameterKey": "InstanceType", "ParameterValue": "t3.small"}, {"ParameterKey": "DesiredCapacity", "ParameterValue": "2"}, {"ParameterKey": "Environment", "ParameterValue": spec.env}}
			st.resources = []*cfnResource{
				{logical: "LaunchTemplate", physical: phys("lt", "lt"), typ: "AWS::EC2::LaunchTemplate"},
				{logical: "TargetGroup", physical: arn("elasticloadbalancing", r.Name, r.Account.ID, "targetgroup/"+name+"-tg/"+hexID(name, "tg")[1:]), typ: "AWS::ElasticLoadBalancingV2::TargetGroup"},
				{logical: "LoadBalancer", physical: arn("elasticloadbalancing", r.Name, r.Account.ID, "loadbalancer/app/"+name+"/"+hexID(name, "lb")[1:]), typ: "AWS::ElasticLoadBalancingV2::LoadBalancer"},
				{logical: "AutoScalingGroup", physical: name + "-asg-" + hexID(name, "asg")[1:9], typ: "AWS::AutoScaling::AutoScalingGroup"},
				{logical: "HighCpuAlarm", physical: name + "-high-cpu", typ: "AWS::CloudWatch::Alarm"},
			}
			props = map[string]string{
				"LaunchTemplate":   "{LaunchTemplateData: {InstanceType: !Ref InstanceType, ImageId: ami-0abcdef1234567890}}",
				"TargetGroup":      "{Port: 80, Protocol: HTTP, HealthCheckPath: /health}",
				"LoadBalancer":     "{Scheme: internet-facing, Tags: [{Key: env, Value: !Ref Environment}]}",
				"AutoScalingGroup": "{MinSize: '1', MaxSize: '6', DesiredCapacity: !Ref DesiredCapacity, LaunchTemplate: {LaunchTemplateId: !Ref LaunchTemplate, Version: !GetAtt LaunchTemplate.LatestVersionNumber}, TargetGroupARNs: [!Ref TargetGroup]}",
				"HighCpuAlarm":     "{Namespace: AWS/EC2, MetricName: CPUUtilization, Threshold: 80, Dimensions: [{Name: AutoScalingGroupName, Value: !Ref AutoScalingGroup}]}",
			}
			st.outputs = []map[string]any{{"OutputKey": "LoadBalancerDNS", "OutputValue": name + "-" + hexID(name)[1:9] + "." + r.Name + ".elb.amazonaws.com", "Description": "the public address"}}
		}
		var tb strings.Builder
		fmt.Fprintf(&tb, "AWSTemplateFormatVersion: '2010-09-09'\nDescription: %q\nParameters:\n", st.description)
		for _, p := range st.params {
			fmt.Fprintf(&tb, "  %s:\n    Type: String\n    Default: %q\n", p["ParameterKey"], p["ParameterValue"])
		}
		tb.WriteString("Resources:\n")
		for _, res := range st.resources {
			fmt.Fprintf(&tb, "  %s:\n    Type: %s\n    Properties: %s\n", res.logical, res.typ, props[res.logical])
		}
		if len(st.outputs) > 0 {
			tb.WriteString("Outputs:\n")
			for _, o := range st.outputs {
				fmt.Fprintf(&tb, "  %s:\n    Description: %q\n", o["OutputKey"], o["Description"])
				if o["OutputValue"] == st.resources[0].physical {
					fmt.Fprintf(&tb, "    Value: !Ref %s\n", st.resources[0].logical)
				} else {
					fmt.Fprintf(&tb, "    Value: %q\n", o["OutputValue"])
				}
				if e, ok := o["ExportName"]; ok {
					fmt.Fprintf(&tb, "    Export:\n      Name: %s\n", e)
				}
			}
		}
		st.template = tb.String()
		// The creation, replayed at its time.
		st.op = st.timeline("CREATE", created, 3*time.Minute, st.every("CREATE"))
		st.settle(now)
		r.cfn.stacks = append(r.cfn.stacks, st)
	}
}
