// Package wire is the server side of the AWS wire protocols, driven by the same botocore models
// the engine uses (awsapi/model): it finds which service and operation a request is for, decodes
// its input into a generic document (member names as in the model, as the engine's documents
// are) and writes an output document or an error back in the service's protocol (json,
// rest-json, rest-xml, query, ec2). The demo world (package demo) answers with it, so the engine
// talks to the demo exactly as to AWS and cannot tell the difference.
//
// Documents: structures are map[string]any keyed by model member name; lists []any; maps
// map[string]any; strings string; numbers int64 or float64 (any Go integer or float is accepted
// on output); booleans bool; timestamps time.Time; blobs []byte.
package wire

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Protocol names, as in the models.
const (
	JSON     = "json"
	RestJSON = "rest-json"
	RestXML  = "rest-xml"
	Query    = "query"
	EC2      = "ec2"
)

// priority is botocore's (and the engine's) order of preference when a model offers several.
var priority = []string{JSON, RestJSON, RestXML, "smithy-rpc-v2-cbor", Query, EC2}

// PickProtocol returns the protocol a client speaks to a service.
func PickProtocol(md model.Metadata) string {
	offered := md.Protocols
	if len(offered) == 0 {
		offered = []string{md.Protocol}
	}
	for _, p := range priority {
		for _, o := range offered {
			if o == p {
				return p
			}
		}
	}
	return md.Protocol
}

// Request is one identified request: who sent it, where, and what it asks.
type Request struct {
	Service   *model.Service
	Protocol  string
	Operation *model.Operation
	AccessKey string // from the SigV4 credential scope; "" when unsigned
	Region    string // from the credential scope; "" when unsigned
	Input     map[string]any
	HTTP      *http.Request
}

// Router identifies requests. It loads a model only when a request names its service.
type Router struct {
	lib *model.Library

	once     sync.Once
	bySigner map[string][]string // signing name → service names, the one named alike first
	err      error

	mu   sync.Mutex
	rest map[string][]*template // service → its operations' URI templates
}

// NewRouter returns a router over lib's models.
func NewRouter(lib *model.Library) *Router {
	return &Router{lib: lib, rest: map[string][]*template{}}
}

func (r *Router) index() error {
	r.once.Do(func() {
		infos, err := r.lib.Index()
		if err != nil {
			r.err = err
			return
		}
		r.bySigner = map[string][]string{}
		for _, s := range infos {
			name := s.SigningName
			if name == "" {
				name = s.EndpointPrefix
			}
			r.bySigner[name] = append(r.bySigner[name], s.Name)
		}
		for signer, names := range r.bySigner {
			sort.SliceStable(names, func(i, j int) bool { return names[i] == signer && names[j] != signer })
		}
	})
	return r.err
}

// ErrUnknown is returned when no model has the operation a request asks for.
var ErrUnknown = errors.New("unknown operation")

// Scope reads the SigV4 credential scope of a request: access key, region and signing name.
func Scope(req *http.Request) (accessKey, region, service string, ok bool) {
	cred := ""
	if a := req.Header.Get("Authorization"); a != "" {
		_, rest, found := strings.Cut(a, "Credential=")
		if !found {
			return "", "", "", false
		}
		cred, _, _ = strings.Cut(rest, ",")
	} else {
		cred = req.URL.Query().Get("X-Amz-Credential") // presigned
	}
	parts := strings.Split(strings.TrimSpace(cred), "/")
	if len(parts) != 5 {
		return "", "", "", false
	}
	return parts[0], parts[2], parts[3], true
}

// Identify finds the service and operation of req and decodes its input. body is the request
// body, already read. On an error the returned Request still says the service and protocol
// when they were found, so the error can be written in that protocol. The signing name in the credential scope narrows the services; the
// protocol's own marks (X-Amz-Target, Action=, the URI) pick the service and operation.
func (r *Router) Identify(req *http.Request, body []byte) (*Request, error) {
	if err := r.index(); err != nil {
		return nil, err
	}
	key, region, signer, ok := Scope(req)
	out := &Request{AccessKey: key, Region: region, HTTP: req}
	if !ok {
		return out, fmt.Errorf("%w: the request is not signed with SigV4", ErrUnknown)
	}
	candidates := r.bySigner[signer]
	if len(candidates) == 0 {
		return out, fmt.Errorf("%w: no service signs as %q", ErrUnknown, signer)
	}
	var err error
	switch {
	case req.Header.Get("X-Amz-Target") != "":
		err = r.identifyJSON(out, candidates, req.Header.Get("X-Amz-Target"), body)
	case isForm(req, body):
		err = r.identifyQuery(out, candidates, req, body)
	default:
		err = r.identifyREST(out, candidates, req, body)
	}
	return out, err
}

func isForm(req *http.Request, body []byte) bool {
	ct := req.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return true
	}
	return req.Method == http.MethodGet && req.URL.Query().Get("Action") != "" && req.URL.Path == "/"
}

func (r *Router) load(name string) (*model.Service, error) {
	return r.lib.Load(name)
}

func (r *Router) identifyJSON(out *Request, candidates []string, target string, body []byte) error {
	out.Protocol = JSON
	// The prefix may hold dots itself ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101").
	i := strings.LastIndex(target, ".")
	prefix, op := target[:max(i, 0)], target[i+1:]
	if i < 0 {
		return fmt.Errorf("%w: X-Amz-Target %q", ErrUnknown, target)
	}
	for _, name := range candidates {
		svc, err := r.load(name)
		if err != nil {
			return err
		}
		if p := PickProtocol(svc.Metadata); p != JSON || svc.Metadata.TargetPrefix != prefix {
			continue
		}
		o := findOperation(svc, op)
		if o == nil {
			return fmt.Errorf("%w: %s has no operation %s", ErrUnknown, svc.Name, op)
		}
		out.Service, out.Protocol, out.Operation = svc, JSON, o
		in, err := decodeJSONInput(svc, o, body)
		out.Input = in
		return err
	}
	return fmt.Errorf("%w: no service answers X-Amz-Target %q", ErrUnknown, target)
}

// findOperation looks an operation up by its wire name (CloudFront's carry a version).
func findOperation(svc *model.Service, wire string) *model.Operation {
	if o, ok := svc.Operations[wire]; ok {
		return o
	}
	for _, o := range svc.Operations {
		if o.WireName == wire {
			return o
		}
	}
	return nil
}

func (r *Router) identifyQuery(out *Request, candidates []string, req *http.Request, body []byte) error {
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return fmt.Errorf("%w: form body: %v", ErrUnknown, err)
	}
	if len(values) == 0 {
		values = req.URL.Query()
	}
	action, version := values.Get("Action"), values.Get("Version")
	var fallback *model.Service
	for _, name := range candidates {
		svc, err := r.load(name)
		if err != nil {
			return err
		}
		p := PickProtocol(svc.Metadata)
		if p != Query && p != EC2 {
			continue
		}
		if findOperation(svc, action) == nil {
			continue
		}
		if svc.Metadata.APIVersion == version {
			fallback = svc
			break
		}
		if fallback == nil {
			fallback = svc
		}
	}
	if fallback == nil {
		return fmt.Errorf("%w: no service answers Action=%s", ErrUnknown, action)
	}
	o := findOperation(fallback, action)
	out.Service, out.Protocol, out.Operation = fallback, PickProtocol(fallback.Metadata), o
	out.Input, err = decodeQueryInput(fallback, o, values, out.Protocol == EC2)
	return err
}

func (r *Router) identifyREST(out *Request, candidates []string, req *http.Request, body []byte) error {
	var best *match
	for _, name := range candidates {
		svc, err := r.load(name)
		if err != nil {
			return err
		}
		p := PickProtocol(svc.Metadata)
		if p != RestJSON && p != RestXML {
			continue
		}
		for _, t := range r.templates(svc) {
			if m := t.match(req); m != nil && (best == nil || m.score > best.score) {
				m.svc, m.protocol = svc, p
				best = m
			}
		}
	}
	if best == nil {
		return fmt.Errorf("%w: no operation answers %s %s", ErrUnknown, req.Method, req.URL.Path)
	}
	out.Service, out.Protocol, out.Operation = best.svc, best.protocol, best.op
	in, err := decodeRESTInput(best.svc, best.op, best.protocol, req, best.labels, body)
	out.Input = in
	return err
}

func (r *Router) templates(svc *model.Service) []*template {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ts, ok := r.rest[svc.Name]; ok {
		return ts
	}
	var ts []*template
	for _, name := range svc.OperationNames() {
		op := svc.Operations[name]
		ts = append(ts, parseTemplate(op))
	}
	r.rest[svc.Name] = ts
	return ts
}

// template is an operation's HTTP binding: method, path segments (literal or {Label} or
// {Label+}) and the query keys the URI fixes ("?tagging", "?list-type=2").
type template struct {
	op       *model.Operation
	method   string
	segments []string
	query    map[string]string // key → value ("" matches any value)
}

type match struct {
	op       *model.Operation
	svc      *model.Service
	protocol string
	labels   map[string]string
	score    int
}

func parseTemplate(op *model.Operation) *template {
	uri := op.HTTP.RequestURI
	path, query, _ := strings.Cut(uri, "?")
	t := &template{op: op, method: op.HTTP.Method, query: map[string]string{}}
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if s != "" {
			t.segments = append(t.segments, s)
		}
	}
	if query != "" {
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			t.query[k] = v
		}
	}
	return t
}

// match reports the labels of req under t, or nil. The score prefers literal segments and fixed
// query keys over labels, so "/{Bucket}?tagging" beats "/{Bucket}".
func (t *template) match(req *http.Request) *match {
	if req.Method != t.method {
		return nil
	}
	raw := strings.Trim(req.URL.EscapedPath(), "/")
	var parts []string
	if raw != "" {
		parts = strings.Split(raw, "/")
	}
	labels := map[string]string{}
	score := 0
	i := 0
	for si, seg := range t.segments {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "+}") {
			if i >= len(parts) || si != len(t.segments)-1 {
				return nil
			}
			v, err := url.PathUnescape(strings.Join(parts[i:], "/"))
			if err != nil {
				return nil
			}
			labels[seg[1:len(seg)-2]] = v
			i = len(parts)
			continue
		}
		if i >= len(parts) {
			return nil
		}
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			v, err := url.PathUnescape(parts[i])
			if err != nil || v == "" {
				return nil
			}
			labels[seg[1:len(seg)-1]] = v
			score++
		} else {
			if parts[i] != seg {
				return nil
			}
			score += 10
		}
		i++
	}
	if i != len(parts) {
		return nil
	}
	q := req.URL.Query()
	for k, v := range t.query {
		got, ok := q[k]
		if !ok || (v != "" && (len(got) == 0 || got[0] != v)) {
			return nil
		}
		score += 5
	}
	return &match{op: t.op, labels: labels, score: score}
}
