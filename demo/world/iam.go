package world

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/nimbus-tui/nimbus/demo/wire"
)

// IAM: one per account, no region. Policy documents go out URL-encoded, as IAM sends them.

type iamPolicy struct {
	name, arn, path, description string
	local                        bool
	created, updated             time.Time
	versions                     []map[string]any // VersionId, Document (plain JSON), IsDefaultVersion, CreateDate
}

type iamPrincipal struct {
	name, id, arn, path string
	created             time.Time
	attached            []string          // policy ARNs
	inline              map[string]string // name → document
	trust               string            // roles: the assume-role policy
	description         string
	groups              []string // users: group names
	keys                []map[string]any
	tags                []any
}

type iamStore struct {
	users, roles, groups map[string]*iamPrincipal
	policies             map[string]*iamPolicy // by ARN
}

// registerIAM adds the iam operations to t.
func registerIAM(t handlerTable) {
	op := func(h func(s *iamStore, a Account, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
		return func(w *World, c *Call) (map[string]any, error) {
			g := w.globalOf(c.Account)
			g.mu.Lock()
			defer g.mu.Unlock()
			return h(g.iam, c.Account, c)
		}
	}
	t.add("iam", map[string]func(*World, *Call) (map[string]any, error){
		"ListUsers":                 op(iamList("Users", func(s *iamStore) map[string]*iamPrincipal { return s.users }, userDoc)),
		"ListRoles":                 op(iamList("Roles", func(s *iamStore) map[string]*iamPrincipal { return s.roles }, roleDoc)),
		"ListGroups":                op(iamList("Groups", func(s *iamStore) map[string]*iamPrincipal { return s.groups }, groupDoc)),
		"GetUser":                   op(iamGetUser),
		"GetRole":                   op(iamGet("Role", "RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles }, roleDoc)),
		"GetGroup":                  op(iamGetGroup),
		"ListPolicies":              op(iamListPolicies),
		"GetPolicy":                 op(iamGetPolicy),
		"ListPolicyVersions":        op(iamListPolicyVersions),
		"GetPolicyVersion":          op(iamGetPolicyVersion),
		"ListAttachedUserPolicies":  op(iamAttached("UserName", func(s *iamStore) map[string]*iamPrincipal { return s.users })),
		"ListAttachedRolePolicies":  op(iamAttached("RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles })),
		"ListAttachedGroupPolicies": op(iamAttached("GroupName", func(s *iamStore) map[string]*iamPrincipal { return s.groups })),
		"ListUserPolicies":          op(iamInlineNames("UserName", func(s *iamStore) map[string]*iamPrincipal { return s.users })),
		"ListRolePolicies":          op(iamInlineNames("RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles })),
		"ListGroupPolicies":         op(iamInlineNames("GroupName", func(s *iamStore) map[string]*iamPrincipal { return s.groups })),
		"GetUserPolicy":             op(iamInline("UserName", func(s *iamStore) map[string]*iamPrincipal { return s.users })),
		"GetRolePolicy":             op(iamInline("RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles })),
		"GetGroupPolicy":            op(iamInline("GroupName", func(s *iamStore) map[string]*iamPrincipal { return s.groups })),
		"ListGroupsForUser":         op(iamGroupsForUser),
		"ListAccessKeys":            op(iamListAccessKeys),
		"AttachUserPolicy":          op(iamAttach("UserName", func(s *iamStore) map[string]*iamPrincipal { return s.users }, true)),
		"DetachUserPolicy":          op(iamAttach("UserName", func(s *iamStore) map[string]*iamPrincipal { return s.users }, false)),
		"AttachRolePolicy":          op(iamAttach("RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles }, true)),
		"DetachRolePolicy":          op(iamAttach("RoleName", func(s *iamStore) map[string]*iamPrincipal { return s.roles }, false)),
		"CreateUser":                op(iamCreateUser),
		"CreatePolicy":              op(iamCreatePolicy),
		"CreateRole":                op(iamCreateRole),
		"DeleteRole":                op(iamDeleteRole),
		"DeletePolicy":              op(iamDeletePolicy),
		"DeleteUser":                op(iamDeleteUser),
		"UpdateAccessKey":           op(iamUpdateAccessKey),
	})
}

func encodeDoc(doc string) string { return url.PathEscape(doc) }

func userDoc(p *iamPrincipal) map[string]any {
	return map[string]any{"UserName": p.name, "UserId": p.id, "Arn": p.arn, "Path": p.path, "CreateDate": p.created, "Tags": p.tags}
}

func roleDoc(p *iamPrincipal) map[string]any {
	return map[string]any{"RoleName": p.name, "RoleId": p.id, "Arn": p.arn, "Path": p.path, "CreateDate": p.created,
		"AssumeRolePolicyDocument": encodeDoc(p.trust), "Description": p.description, "MaxSessionDuration": int64(3600), "Tags": p.tags}
}

func groupDoc(p *iamPrincipal) map[string]any {
	return map[string]any{"GroupName": p.name, "GroupId": p.id, "Arn": p.arn, "Path": p.path, "CreateDate": p.created}
}

func noEntity(kind, name string) error {
	return &wire.Error{Status: 404, Code: "NoSuchEntity", Message: fmt.Sprintf("The %s with name %s cannot be found.", kind, name)}
}

// iamPage pages with Marker/MaxItems and IsTruncated.
func iamPage[T any](items []T, c *Call) ([]T, map[string]any) {
	max, _ := num(c.In, "MaxItems")
	out, tok := page(items, str(c.In, "Marker"), max, 100)
	res := map[string]any{"IsTruncated": tok != ""}
	if tok != "" {
		res["Marker"] = tok
	}
	return out, res
}

func sortedPrincipals(m map[string]*iamPrincipal) []*iamPrincipal {
	out := make([]*iamPrincipal, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func iamList(key string, set func(*iamStore) map[string]*iamPrincipal, doc func(*iamPrincipal) map[string]any) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		var docs []any
		for _, p := range sortedPrincipals(set(s)) {
			if strings.HasPrefix(p.path, str(c.In, "PathPrefix")) {
				docs = append(docs, doc(p))
			}
		}
		items, res := iamPage(docs, c)
		res[key] = orEmpty(items)
		return res, nil
	}
}

func iamGet(key, nameKey string, set func(*iamStore) map[string]*iamPrincipal, doc func(*iamPrincipal) map[string]any) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		p, ok := set(s)[str(c.In, nameKey)]
		if !ok {
			return nil, noEntity(strings.ToLower(key), str(c.In, nameKey))
		}
		return map[string]any{key: doc(p)}, nil
	}
}

// iamGetUser without a name is the caller.
func iamGetUser(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name := str(c.In, "UserName")
	if name == "" {
		name = a.User
	}
	p, ok := s.users[name]
	if !ok {
		return nil, noEntity("user", name)
	}
	return map[string]any{"User": userDoc(p)}, nil
}

func iamGetGroup(s *iamStore, a Account, c *Call) (map[string]any, error) {
	g, ok := s.groups[str(c.In, "GroupName")]
	if !ok {
		return nil, noEntity("group", str(c.In, "GroupName"))
	}
	var users []any
	for _, u := range sortedPrincipals(s.users) {
		if contains(u.groups, g.name) {
			users = append(users, userDoc(u))
		}
	}
	items, res := iamPage(users, c)
	res["Group"], res["Users"] = groupDoc(g), orEmpty(items)
	return res, nil
}

func (s *iamStore) attachments(arn string) int64 {
	var n int64
	for _, set := range []map[string]*iamPrincipal{s.users, s.roles, s.groups} {
		for _, p := range set {
			if contains(p.attached, arn) {
				n++
			}
		}
	}
	return n
}

func (s *iamStore) policyDoc(p *iamPolicy) map[string]any {
	def := ""
	for _, v := range p.versions {
		if v["IsDefaultVersion"] == true {
			def = str(v, "VersionId")
		}
	}
	return map[string]any{"PolicyName": p.name, "PolicyId": "ANPA" + strings.ToUpper(hexID(p.arn)[1:17]), "Arn": p.arn, "Path": p.path,
		"DefaultVersionId": def, "AttachmentCount": s.attachments(p.arn), "PermissionsBoundaryUsageCount": int64(0), "IsAttachable": true,
		"Description": p.description, "CreateDate": p.created, "UpdateDate": p.updated}
}

func iamListPolicies(s *iamStore, a Account, c *Call) (map[string]any, error) {
	scope := str(c.In, "Scope")
	only, _ := c.In["OnlyAttached"].(bool)
	var ps []*iamPolicy
	for _, p := range s.policies {
		if (scope == "Local" && !p.local) || (scope == "AWS" && p.local) || (only && s.attachments(p.arn) == 0) {
			continue
		}
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].name < ps[j].name })
	var docs []any
	for _, p := range ps {
		docs = append(docs, s.policyDoc(p))
	}
	items, res := iamPage(docs, c)
	res["Policies"] = orEmpty(items)
	return res, nil
}

func (s *iamStore) policy(arn string) (*iamPolicy, error) {
	p, ok := s.policies[arn]
	if !ok {
		return nil, noEntity("policy", arn)
	}
	return p, nil
}

func iamGetPolicy(s *iamStore, a Account, c *Call) (map[string]any, error) {
	p, err := s.policy(str(c.In, "PolicyArn"))
	if err != nil {
		return nil, err
	}
	return map[string]any{"Policy": s.policyDoc(p)}, nil
}

func versionDoc(v map[string]any, withDoc bool) map[string]any {
	d := map[string]any{"VersionId": v["VersionId"], "IsDefaultVersion": v["IsDefaultVersion"], "CreateDate": v["CreateDate"]}
	if withDoc {
		d["Document"] = encodeDoc(str(v, "Document"))
	}
	return d
}

func iamListPolicyVersions(s *iamStore, a Account, c *Call) (map[string]any, error) {
	p, err := s.policy(str(c.In, "PolicyArn"))
	if err != nil {
		return nil, err
	}
	var docs []any
	for i := len(p.versions) - 1; i >= 0; i-- {
		docs = append(docs, versionDoc(p.versions[i], false))
	}
	items, res := iamPage(docs, c)
	res["Versions"] = orEmpty(items)
	return res, nil
}

func iamGetPolicyVersion(s *iamStore, a Account, c *Call) (map[string]any, error) {
	p, err := s.policy(str(c.In, "PolicyArn"))
	if err != nil {
		return nil, err
	}
	for _, v := range p.versions {
		if str(v, "VersionId") == str(c.In, "VersionId") {
			return map[string]any{"PolicyVersion": versionDoc(v, true)}, nil
		}
	}
	return nil, noEntity("policy version", str(c.In, "VersionId"))
}

func iamAttached(nameKey string, set func(*iamStore) map[string]*iamPrincipal) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		p, ok := set(s)[str(c.In, nameKey)]
		if !ok {
			return nil, noEntity(strings.ToLower(strings.TrimSuffix(nameKey, "Name")), str(c.In, nameKey))
		}
		var docs []any
		for _, arn := range p.attached {
			if pol, ok := s.policies[arn]; ok {
				docs = append(docs, map[string]any{"PolicyName": pol.name, "PolicyArn": arn})
			}
		}
		items, res := iamPage(docs, c)
		res["AttachedPolicies"] = orEmpty(items)
		return res, nil
	}
}

func iamInlineNames(nameKey string, set func(*iamStore) map[string]*iamPrincipal) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		p, ok := set(s)[str(c.In, nameKey)]
		if !ok {
			return nil, noEntity(strings.ToLower(strings.TrimSuffix(nameKey, "Name")), str(c.In, nameKey))
		}
		names := make([]string, 0, len(p.inline))
		for n := range p.inline {
			names = append(names, n)
		}
		sort.Strings(names)
		items, res := iamPage(names, c)
		res["PolicyNames"] = anyList(items)
		return res, nil
	}
}

func iamInline(nameKey string, set func(*iamStore) map[string]*iamPrincipal) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		p, ok := set(s)[str(c.In, nameKey)]
		if !ok {
			return nil, noEntity(strings.ToLower(strings.TrimSuffix(nameKey, "Name")), str(c.In, nameKey))
		}
		doc, ok := p.inline[str(c.In, "PolicyName")]
		if !ok {
			return nil, noEntity("policy", str(c.In, "PolicyName"))
		}
		return map[string]any{nameKey: p.name, "PolicyName": str(c.In, "PolicyName"), "PolicyDocument": encodeDoc(doc)}, nil
	}
}

func iamGroupsForUser(s *iamStore, a Account, c *Call) (map[string]any, error) {
	u, ok := s.users[str(c.In, "UserName")]
	if !ok {
		return nil, noEntity("user", str(c.In, "UserName"))
	}
	var docs []any
	for _, g := range u.groups {
		if p, ok := s.groups[g]; ok {
			docs = append(docs, groupDoc(p))
		}
	}
	items, res := iamPage(docs, c)
	res["Groups"] = orEmpty(items)
	return res, nil
}

func iamListAccessKeys(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name := str(c.In, "UserName")
	if name == "" {
		name = a.User
	}
	u, ok := s.users[name]
	if !ok {
		return nil, noEntity("user", name)
	}
	items, res := iamPage(u.keys, c)
	res["AccessKeyMetadata"] = anyList(items)
	return res, nil
}

func iamAttach(nameKey string, set func(*iamStore) map[string]*iamPrincipal, attach bool) func(*iamStore, Account, *Call) (map[string]any, error) {
	return func(s *iamStore, a Account, c *Call) (map[string]any, error) {
		p, ok := set(s)[str(c.In, nameKey)]
		if !ok {
			return nil, noEntity(strings.ToLower(strings.TrimSuffix(nameKey, "Name")), str(c.In, nameKey))
		}
		arn := str(c.In, "PolicyArn")
		if _, err := s.policy(arn); err != nil {
			return nil, err
		}
		var kept []string
		for _, x := range p.attached {
			if x != arn {
				kept = append(kept, x)
			}
		}
		if !attach && len(kept) == len(p.attached) {
			return nil, noEntity("policy", arn+" attached to "+p.name)
		}
		if attach {
			kept = append(kept, arn)
		}
		p.attached = kept
		return map[string]any{}, nil
	}
}

func iamCreateUser(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name := str(c.In, "UserName")
	if _, ok := s.users[name]; ok {
		return nil, invalid("EntityAlreadyExists", "User with name %s already exists.", name)
	}
	path := str(c.In, "Path")
	if path == "" {
		path = "/"
	}
	u := &iamPrincipal{name: name, id: "AIDA" + strings.ToUpper(hexID(a.ID, name)[1:17]), arn: "arn:aws:iam::" + a.ID + ":user" + path + name,
		path: path, created: c.Now.Truncate(time.Second), inline: map[string]string{}, tags: orEmpty(anyList(list(c.In, "Tags"))), keys: []map[string]any{}}
	s.users[name] = u
	return map[string]any{"User": userDoc(u)}, nil
}

func iamCreateRole(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name := str(c.In, "RoleName")
	if _, ok := s.roles[name]; ok {
		return nil, &wire.Error{Status: 409, Code: "EntityAlreadyExists", Message: fmt.Sprintf("Role with name %s already exists.", name)}
	}
	trust, err := url.PathUnescape(str(c.In, "AssumeRolePolicyDocument"))
	if err != nil || !json.Valid([]byte(trust)) {
		return nil, invalid("MalformedPolicyDocument", "Syntax errors in policy.")
	}
	path := str(c.In, "Path")
	if path == "" {
		path = "/"
	}
	r := &iamPrincipal{name: name, id: "AROA" + strings.ToUpper(hexID(a.ID, name)[1:17]), arn: "arn:aws:iam::" + a.ID + ":role" + path + name,
		path: path, created: c.Now.Truncate(time.Second), inline: map[string]string{}, tags: orEmpty(anyList(list(c.In, "Tags"))),
		trust: trust, description: str(c.In, "Description")}
	s.roles[name] = r
	return map[string]any{"Role": roleDoc(r)}, nil
}

func iamDeleteRole(s *iamStore, a Account, c *Call) (map[string]any, error) {
	r, ok := s.roles[str(c.In, "RoleName")]
	if !ok {
		return nil, noEntity("role", str(c.In, "RoleName"))
	}
	if len(r.attached) > 0 || len(r.inline) > 0 {
		return nil, &wire.Error{Status: 409, Code: "DeleteConflict", Message: "Cannot delete entity, must detach all policies first."}
	}
	delete(s.roles, r.name)
	return map[string]any{}, nil
}

func iamDeleteUser(s *iamStore, a Account, c *Call) (map[string]any, error) {
	u, ok := s.users[str(c.In, "UserName")]
	if !ok {
		return nil, noEntity("user", str(c.In, "UserName"))
	}
	if len(u.attached) > 0 || len(u.inline) > 0 || len(u.keys) > 0 || len(u.groups) > 0 {
		return nil, &wire.Error{Status: 409, Code: "DeleteConflict", Message: "Cannot delete entity, must detach all policies, delete access keys and remove from groups first."}
	}
	delete(s.users, u.name)
	return map[string]any{}, nil
}

// iamCreatePolicy creates a customer managed policy, its document as version v1.
func iamCreatePolicy(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name, path := str(c.In, "PolicyName"), str(c.In, "Path")
	if path == "" {
		path = "/"
	}
	arn := "arn:aws:iam::" + a.ID + ":policy" + path + name
	if _, ok := s.policies[arn]; ok {
		return nil, &wire.Error{Status: 409, Code: "EntityAlreadyExists", Message: fmt.Sprintf("A policy called %s already exists. Duplicate names are not allowed.", name)}
	}
	doc, err := url.PathUnescape(str(c.In, "PolicyDocument"))
	if err != nil || !json.Valid([]byte(doc)) {
		return nil, invalid("MalformedPolicyDocument", "Syntax errors in policy.")
	}
	p := &iamPolicy{name: name, arn: arn, path: path, description: str(c.In, "Description"), local: true, created: c.Now, updated: c.Now,
		versions: []map[string]any{{"VersionId": "v1", "Document": doc, "IsDefaultVersion": true, "CreateDate": c.Now}}}
	s.policies[arn] = p
	return map[string]any{"Policy": s.policyDoc(p)}, nil
}

// iamDeletePolicy deletes a customer managed policy attached to nothing.
func iamDeletePolicy(s *iamStore, a Account, c *Call) (map[string]any, error) {
	p, err := s.policy(str(c.In, "PolicyArn"))
	if err != nil {
		return nil, err
	}
	if !p.local {
		return nil, invalid("InvalidInput", "Cannot delete policy %s: it is an AWS managed policy.", p.arn)
	}
	for _, set := range []map[string]*iamPrincipal{s.users, s.roles, s.groups} {
		for _, pr := range set {
			if contains(pr.attached, p.arn) {
				return nil, &wire.Error{Status: 409, Code: "DeleteConflict", Message: "Cannot delete a policy attached to entities."}
			}
		}
	}
	delete(s.policies, p.arn)
	return map[string]any{}, nil
}

func iamUpdateAccessKey(s *iamStore, a Account, c *Call) (map[string]any, error) {
	name := str(c.In, "UserName")
	if name == "" {
		name = a.User
	}
	u, ok := s.users[name]
	if !ok {
		return nil, noEntity("user", name)
	}
	for _, k := range u.keys {
		if str(k, "AccessKeyId") == str(c.In, "AccessKeyId") {
			k["Status"] = str(c.In, "Status")
			return map[string]any{}, nil
		}
	}
	return nil, noEntity("access key", str(c.In, "AccessKeyId"))
}

// seedIAM: the profile's own user, a CI user and a third; groups, roles, local and AWS managed
// policies, with attachments and an inline policy.
func seedIAM(a Account, now time.Time) *iamStore {
	s := &iamStore{users: map[string]*iamPrincipal{}, roles: map[string]*iamPrincipal{}, groups: map[string]*iamPrincipal{}, policies: map[string]*iamPolicy{}}
	env := strings.TrimPrefix(a.Profile, "demo-")
	day := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour).Truncate(time.Second) }
	allow := func(actions, resource string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":` + actions + `,"Resource":"` + resource + `"}]}`
	}
	awsPolicy := func(name, doc, desc string) string {
		arn := "arn:aws:iam::aws:policy/" + name
		s.policies[arn] = &iamPolicy{name: name, arn: arn, path: "/", description: desc, created: day(2000), updated: day(300),
			versions: []map[string]any{{"VersionId": "v1", "Document": doc, "IsDefaultVersion": true, "CreateDate": day(300)}}}
		return arn
	}
	admin := awsPolicy("AdministratorAccess", allow(`"*"`, "*"), "Provides full access to AWS services and resources.")
	readOnly := awsPolicy("ReadOnlyAccess", allow(`["ec2:Describe*","s3:Get*","s3:List*","dynamodb:Describe*","logs:Get*"]`, "*"), "Provides read-only access to AWS services and resources.")
	basic := awsPolicy("service-role/AWSLambdaBasicExecutionRole", allow(`["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"]`, "*"), "Provides write permissions to CloudWatch Logs.")
	local := func(name, desc string, docs ...string) string {
		arn := "arn:aws:iam::" + a.ID + ":policy/" + name
		p := &iamPolicy{name: name, arn: arn, path: "/", description: desc, local: true, created: day(200), updated: day(10)}
		for i, d := range docs {
			p.versions = append(p.versions, map[string]any{"VersionId": fmt.Sprintf("v%d", i+1), "Document": d, "IsDefaultVersion": i == len(docs)-1, "CreateDate": day(200 - i*95)})
		}
		s.policies[arn] = p
		return arn
	}
	s3read := local(env+"-s3-read", "read the demo buckets", allow(`["s3:GetObject"]`, "arn:aws:s3:::demo-*/*"), allow(`["s3:GetObject","s3:ListBucket"]`, "arn:aws:s3:::demo-*"))
	deploy := local(env+"-deploy", "what CI may change", allow(`["cloudformation:*","lambda:UpdateFunctionCode","ecs:UpdateService"]`, "*"))
	principal := func(kind, prefix, name string, created time.Time) *iamPrincipal {
		return &iamPrincipal{name: name, id: prefix + strings.ToUpper(hexID(a.ID, kind, name)[1:17]), arn: "arn:aws:iam::" + a.ID + ":" + kind + "/" + name,
			path: "/", created: created, inline: map[string]string{}, tags: []any{}, keys: []map[string]any{}}
	}
	for i, g := range []struct {
		name     string
		policies []string
	}{{"admins", []string{admin}}, {"developers", []string{readOnly, s3read}}} {
		p := principal("group", "AGPA", g.name, day(500-i*10))
		p.attached = g.policies
		s.groups[g.name] = p
	}
	ci := "ci-" + env
	for i, u := range []struct {
		name   string
		groups []string
		pols   []string
	}{{a.User, []string{"developers"}, nil}, {ci, nil, []string{deploy}}, {"auditor-" + env, nil, []string{readOnly}}} {
		p := principal("user", "AIDA", u.name, day(400-i*50))
		p.groups, p.attached = u.groups, u.pols
		p.tags = tags("team", []string{"platform", "ci", "security"}[i])
		key := "AKIA" + strings.ToUpper(hexID(a.ID, u.name, "key")[1:17])
		if u.name == a.User {
			key = a.AccessKey
			p.groups = append(p.groups, "admins")
		}
		p.keys = []map[string]any{{"UserName": u.name, "AccessKeyId": key, "Status": "Active", "CreateDate": day(90 - i*20)}}
		s.users[u.name] = p
	}
	s.users[ci].inline["ci-artifacts"] = allow(`["s3:PutObject"]`, "arn:aws:s3:::demo-assets/builds/*")
	trust := func(service string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service + `"},"Action":"sts:AssumeRole"}]}`
	}
	for i, r := range []struct{ name, service, desc, policy string }{
		{env + "-lambda-exec", "lambda.amazonaws.com", "what the functions run as", basic},
		{env + "-ecs-task", "ecs-tasks.amazonaws.com", "what the services' tasks run as", s3read},
		{env + "-ci-deploy", "codebuild.amazonaws.com", "what CI deploys with", deploy},
		{"OrganizationAccountAccessRole", "organizations.amazonaws.com", "", admin},
	} {
		p := principal("role", "AROA", r.name, day(450-i*30))
		p.trust, p.description, p.attached = trust(r.service), r.desc, []string{r.policy}
		s.roles[r.name] = p
	}
	s.roles[env+"-lambda-exec"].inline["read-orders-table"] = allow(`["dynamodb:GetItem","dynamodb:Query"]`, "arn:aws:dynamodb:*:"+a.ID+":table/"+env+"-orders")
	return s
}
