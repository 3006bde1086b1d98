package resource

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed defs/*.yaml
var embedded embed.FS

// Registry holds every resource type, by type name and alias. It is read-only once built and
// safe for concurrent use.
type Registry struct {
	types  []*Def
	byName map[string]*Def
	names  []string
}

// defaultRegistry parses the embedded definitions on first use; later calls share the result.
var defaultRegistry = sync.OnceValues(func() (*Registry, error) { return Parse(EmbeddedDefs()) })

// EmbeddedDefs is the folder of definition files built into the binary (for Parse in benchmarks
// and tools; the program uses Default).
func EmbeddedDefs() fs.FS {
	sub, err := fs.Sub(embedded, "defs")
	if err != nil {
		panic(err) // "defs" is a valid path: this cannot happen
	}
	return sub
}

// Default returns the registry of the definitions embedded in the binary, parsed once.
func Default() (*Registry, error) { return defaultRegistry() }

// Parse builds a registry from the <service>.yaml files at the root of fsys. Every problem found
// (YAML, unknown fields, JMESPath that does not compile, duplicate names, unknown child types) is
// reported, each naming its file and type.
func Parse(fsys fs.FS) (*Registry, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing resource definitions: %w", err)
	}
	sort.Strings(names)
	r := &Registry{byName: map[string]*Def{}}
	var errs []error
	for _, name := range names {
		defs, err := parseFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, d := range defs {
			for _, n := range append([]string{d.Type}, d.Aliases...) {
				key := strings.ToLower(n)
				if prev, dup := r.byName[key]; dup {
					errs = append(errs, fmt.Errorf("%s: type %s: name %q is already taken by type %s (%s)", d.file, d.Type, n, prev.Type, prev.file))
					continue
				}
				r.byName[key] = d
				r.names = append(r.names, key)
			}
			r.types = append(r.types, d)
		}
	}
	for _, d := range r.types {
		if err := d.link(r); err != nil {
			errs = append(errs, err)
		}
	}
	sort.Strings(r.names)
	if len(errs) > 0 {
		return nil, fmt.Errorf("resource definitions: %w", errors.Join(errs...))
	}
	return r, nil
}

func parseFile(fsys fs.FS, name string) ([]*Def, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("defs/%s: %w", name, err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var file File
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("defs/%s: %w", name, err)
	}
	service := strings.TrimSuffix(path.Base(name), ".yaml")
	if file.Service == "" {
		file.Service = service
	}
	if file.Service != service {
		return nil, fmt.Errorf("defs/%s: service %q does not match the file name (defs/<service>.yaml)", name, file.Service)
	}
	var errs []error
	defs := make([]*Def, 0, len(file.Resources))
	for i := range file.Resources {
		d := &file.Resources[i]
		d.Service = file.Service
		d.file = "defs/" + name
		if d.Type == "" {
			errs = append(errs, fmt.Errorf("%s: resource %d has no type", d.file, i+1))
			continue
		}
		p, err := d.compile()
		if err != nil {
			errs = append(errs, err)
			continue
		}
		d.prog = p
		defs = append(defs, d)
	}
	return defs, errors.Join(errs...)
}

// link resolves the children's types.
func (d *Def) link(r *Registry) error {
	var errs []error
	d.prog.children = make(map[string]*Def, len(d.Children))
	for _, c := range d.Children {
		child, ok := r.byName[strings.ToLower(c.Type)]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: type %s: child %q: unknown type %q", d.file, d.Type, c.Name, c.Type))
			continue
		}
		d.prog.children[c.Type] = child
	}
	return errors.Join(errs...)
}

// Lookup finds a type by its name or an alias, in any case ("instance", "ec2", "EC2").
func (r *Registry) Lookup(nameOrAlias string) (*Def, bool) {
	d, ok := r.byName[strings.ToLower(strings.TrimSpace(nameOrAlias))]
	return d, ok
}

// Types returns every type, in the order of their files (sorted by service) and of the types in
// each file. The slice is shared: do not modify it.
func (r *Registry) Types() []*Def { return r.types }

// Names returns every type name and alias, lower-case and sorted, for `:` completion.
func (r *Registry) Names() []string { return r.names }
