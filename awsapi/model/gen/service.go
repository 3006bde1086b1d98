package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// rawService decodes botocore's service-2.json into the model types, except for the parts
// that need care: member order and the single-string-or-list paginator fields.
type rawService struct {
	model.Service
	Shapes map[string]*rawShape `json:"shapes"`
}

type rawShape struct {
	model.Shape
	Members *orderedRefs `json:"members"`
}

// orderedRefs is a "members" object decoded with its key order.
type orderedRefs struct {
	order []string
	refs  map[string]*model.ShapeRef
}

func (o *orderedRefs) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("members: want an object")
	}
	o.refs = map[string]*model.ShapeRef{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name := tok.(string) // object keys are always strings
		var ref model.ShapeRef
		if err := dec.Decode(&ref); err != nil {
			return fmt.Errorf("member %s: %w", name, err)
		}
		if _, dup := o.refs[name]; !dup {
			o.order = append(o.order, name)
		}
		o.refs[name] = &ref
	}
	_, err := dec.Token()
	return err
}

type rawPaginators struct {
	Pagination map[string]rawPaginator `json:"pagination"`
}

type rawPaginator struct {
	InputToken      stringList `json:"input_token"`
	OutputToken     stringList `json:"output_token"`
	LimitKey        string     `json:"limit_key"`
	MoreResults     string     `json:"more_results"`
	ResultKey       stringList `json:"result_key"`
	NonAggregateKey stringList `json:"non_aggregate_keys"`
}

// stringList accepts botocore's "one string or a list of strings".
type stringList []string

func (s *stringList) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(data, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings, got %s", data)
	}
	*s = many
	return nil
}

type rawWaiters struct {
	Waiters map[string]*model.Waiter `json:"waiters"`
}

// latestVersion returns the newest API version directory of a service that has a service-2
// model, as botocore picks it. Version names are dates, so they sort as strings.
func latestVersion(serviceDir string) (string, error) {
	entries, err := os.ReadDir(serviceDir)
	if err != nil {
		return "", err
	}
	var versions []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if exists(filepath.Join(serviceDir, e.Name(), "service-2.json")) {
			versions = append(versions, e.Name())
		}
	}
	if len(versions) == 0 {
		return "", fmt.Errorf("%s: no API version with a service-2.json", serviceDir)
	}
	sort.Strings(versions)
	return versions[len(versions)-1], nil
}

// exists reports whether path or path.gz exists.
func exists(path string) bool {
	for _, p := range []string{path, path + ".gz"} {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// loadMerged reads a botocore JSON file with its *.sdk-extras.json merged in, as botocore's
// loader does, and counts the keys that decoding into t would drop. A missing base file gives
// (nil, nil).
func loadMerged(dir, base string, t reflect.Type, unknown map[string]int) ([]byte, error) {
	path := filepath.Join(dir, base+".json")
	tree, err := readTree(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer unknownKeys(tree, t, base, unknown)
	extra, err := readTree(filepath.Join(dir, base+".sdk-extras.json"))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		root, ok1 := tree.(*object)
		ext, ok2 := extra.(*object)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: base or extras is not a JSON object", path)
		}
		if merge, ok := ext.get("merge"); ok {
			if m, ok := merge.(*object); ok {
				mergeTree(root, m)
			}
		}
	}
	return json.Marshal(tree)
}

// convertService builds the compact model of one service from its API version directory. The
// strings it returns name botocore keys the compact form neither keeps nor knowingly drops.
func convertService(name, versionDir string) (*model.Service, []string, error) {
	unknown := map[string]int{}
	data, err := loadMerged(versionDir, "service-2", reflect.TypeFor[rawService](), unknown)
	if err != nil {
		return nil, nil, err
	}
	if data == nil {
		return nil, nil, fmt.Errorf("%s: no service-2.json", versionDir)
	}
	var raw rawService
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, fmt.Errorf("decoding %s service-2: %w", name, err)
	}
	svc := raw.Service
	svc.Name = name
	svc.Shapes = make(map[string]*model.Shape, len(raw.Shapes))
	for shapeName, rs := range raw.Shapes {
		sh := rs.Shape
		if rs.Members != nil {
			sh.Members = rs.Members.refs
			sh.MemberOrder = rs.Members.order
		}
		svc.Shapes[shapeName] = &sh
	}
	for opName, op := range svc.Operations {
		// botocore's "name" is the wire name; the key is the name users and paginators use.
		if op.Name != opName && op.Name != "" {
			op.WireName = op.Name
		}
		op.Name = opName
	}

	if data, err = loadMerged(versionDir, "paginators-1", reflect.TypeFor[rawPaginators](), unknown); err != nil {
		return nil, nil, err
	}
	if data != nil {
		var pag rawPaginators
		if err := json.Unmarshal(data, &pag); err != nil {
			return nil, nil, fmt.Errorf("decoding %s paginators: %w", name, err)
		}
		svc.Paginators = make(map[string]*model.Paginator, len(pag.Pagination))
		for op, p := range pag.Pagination {
			svc.Paginators[op] = &model.Paginator{
				InputToken:      p.InputToken,
				OutputToken:     p.OutputToken,
				LimitKey:        p.LimitKey,
				MoreResults:     p.MoreResults,
				ResultKey:       p.ResultKey,
				NonAggregateKey: p.NonAggregateKey,
			}
		}
	}

	if data, err = loadMerged(versionDir, "waiters-2", reflect.TypeFor[rawWaiters](), unknown); err != nil {
		return nil, nil, err
	}
	if data != nil {
		var w rawWaiters
		if err := json.Unmarshal(data, &w); err != nil {
			return nil, nil, fmt.Errorf("decoding %s waiters: %w", name, err)
		}
		svc.Waiters = w.Waiters
	}
	shortenDocs(&svc)
	return &svc, formatUnknown(name, unknown), nil
}

// shortenDocs keeps only the first sentence of every doc, as plain text.
func shortenDocs(svc *model.Service) {
	svc.Doc = firstSentence(svc.Doc)
	ref := func(r *model.ShapeRef) {
		if r != nil {
			r.Doc = firstSentence(r.Doc)
		}
	}
	for _, op := range svc.Operations {
		op.Doc = firstSentence(op.Doc)
		ref(op.Input)
		ref(op.Output)
		for i := range op.Errors {
			ref(&op.Errors[i])
		}
	}
	for _, sh := range svc.Shapes {
		sh.Doc = firstSentence(sh.Doc)
		for _, m := range sh.Members {
			ref(m)
		}
		ref(sh.Member)
		ref(sh.Key)
		ref(sh.Value)
	}
	for _, w := range svc.Waiters {
		w.Description = firstSentence(w.Description)
	}
}

// serviceInfo is the index line of a converted service.
func serviceInfo(svc *model.Service) model.ServiceInfo {
	md := svc.Metadata
	return model.ServiceInfo{
		Name:           svc.Name,
		ServiceID:      md.ServiceID,
		FullName:       md.ServiceFullName,
		EndpointPrefix: md.EndpointPrefix,
		SigningName:    md.SigningName,
		APIVersion:     md.APIVersion,
		Protocol:       md.Protocol,
		Protocols:      md.Protocols,
		Operations:     len(svc.Operations),
		Paginators:     len(svc.Paginators),
		Waiters:        len(svc.Waiters),
	}
}
