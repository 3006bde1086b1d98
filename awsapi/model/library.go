package model

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
)

// FormatVersion is the version of the compact data layout the generator writes. The loader
// refuses data of another version: regenerate it with `go generate ./awsapi/model`.
const FormatVersion = 1

// Names of the generated files inside a data directory.
const (
	IndexFile     = "index.json.gz"
	EndpointsFile = "endpoints.json.gz"
	serviceExt    = ".json.gz"
)

//go:embed data
var embedded embed.FS

// ServiceInfo is one line of the index: enough to list a service without loading its model.
type ServiceInfo struct {
	Name           string   `json:"name"` // botocore's name, e.g. "s3", "sso-oidc"
	ServiceID      string   `json:"serviceId"`
	FullName       string   `json:"serviceFullName"`
	EndpointPrefix string   `json:"endpointPrefix"`
	SigningName    string   `json:"signingName,omitempty"`
	APIVersion     string   `json:"apiVersion"`
	Protocol       string   `json:"protocol"`
	Protocols      []string `json:"protocols,omitempty"`
	Operations     int      `json:"operations"`
	Paginators     int      `json:"paginators"`
	Waiters        int      `json:"waiters"`
}

// IndexData is the content of the index file.
type IndexData struct {
	FormatVersion   int           `json:"formatVersion"`
	BotocoreVersion string        `json:"botocoreVersion"` // the botocore the data was generated from
	Services        []ServiceInfo `json:"services"`        // sorted by name
	// CLINames are the AWS CLI spellings botocore makes by hand because its rule gets them wrong
	// ("CreateCachediSCSIVolume" → "create-cached-iscsi-volume").
	CLINames map[string]string `json:"cliNames,omitempty"`
}

// cliAliases are the AWS CLI command names that differ from botocore's service names.
var cliAliases = map[string]string{
	"s3api":             "s3",
	"configservice":     "config",
	"deploy":            "codedeploy",
	"runtime.sagemaker": "sagemaker-runtime",
}

// Library loads service models from a data directory, one service at a time, and caches them.
// It is safe for concurrent use. Loaded models are shared: callers must not modify them.
type Library struct {
	fsys fs.FS

	indexOnce sync.Once
	index     *IndexData
	aliases   map[string]string // lower-case spelling → botocore name
	indexErr  error

	endpointsOnce sync.Once
	endpoints     *Endpoints
	endpointsErr  error

	mu       sync.Mutex
	services map[string]*serviceEntry
}

// serviceEntry lets concurrent loads of one service wait for a single parse.
type serviceEntry struct {
	once sync.Once
	svc  *Service
	err  error
}

// NewLibrary returns a Library reading the generated files at the root of fsys.
func NewLibrary(fsys fs.FS) *Library {
	return &Library{fsys: fsys, services: map[string]*serviceEntry{}}
}

// defaultLibrary is shared so that every part of the program parses a model at most once.
var defaultLibrary = sync.OnceValue(func() *Library { return NewLibrary(EmbeddedData()) })

// EmbeddedData is the folder of generated model files built into the binary (for NewLibrary in
// benchmarks and tools; the program uses Default).
func EmbeddedData() fs.FS {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // "data" is a valid path: this cannot happen
	}
	return sub
}

// Default returns the process-wide Library over the models embedded in the binary.
func Default() *Library { return defaultLibrary() }

// Load loads a service from the embedded models; see Library.Load.
func Load(name string) (*Service, error) { return Default().Load(name) }

// Index lists the embedded services; see Library.Index.
func Index() ([]ServiceInfo, error) { return Default().Index() }

// LoadEndpoints returns the embedded endpoint data; see Library.Endpoints.
func LoadEndpoints() (*Endpoints, error) { return Default().Endpoints() }

// Index returns every service, sorted by name, without loading any model. The slice is shared:
// do not modify it.
func (l *Library) Index() ([]ServiceInfo, error) {
	idx, err := l.loadIndex()
	if err != nil {
		return nil, err
	}
	return idx.Services, nil
}

// Info returns the index line of a service, given any spelling Resolve accepts.
func (l *Library) Info(name string) (ServiceInfo, error) {
	canonical, err := l.Resolve(name)
	if err != nil {
		return ServiceInfo{}, err
	}
	i := sort.Search(len(l.index.Services), func(i int) bool { return l.index.Services[i].Name >= canonical })
	if i == len(l.index.Services) || l.index.Services[i].Name != canonical {
		return ServiceInfo{}, fmt.Errorf("service %s: missing from the index", canonical)
	}
	return l.index.Services[i], nil
}

// BotocoreVersion is the version of botocore the data was generated from.
func (l *Library) BotocoreVersion() (string, error) {
	idx, err := l.loadIndex()
	if err != nil {
		return "", err
	}
	return idx.BotocoreVersion, nil
}

func (l *Library) loadIndex() (*IndexData, error) {
	l.indexOnce.Do(func() {
		var idx IndexData
		if err := readGzipJSON(l.fsys, IndexFile, &idx); err != nil {
			l.indexErr = fmt.Errorf("loading the service index: %w", err)
			return
		}
		if idx.FormatVersion != FormatVersion {
			l.indexErr = fmt.Errorf("loading the service index: data format %d, this build reads %d: run `go generate ./awsapi/model`", idx.FormatVersion, FormatVersion)
			return
		}
		l.index = &idx
		l.aliases = buildAliases(idx.Services)
	})
	return l.index, l.indexErr
}

// buildAliases maps every accepted spelling to a botocore name: the name itself, the AWS CLI
// command names, and the serviceId lower-cased with dashes ("Cost Explorer" → "cost-explorer").
// A service's own name always wins over another's alias.
func buildAliases(services []ServiceInfo) map[string]string {
	m := make(map[string]string, 3*len(services))
	for _, s := range services {
		m[strings.ToLower(HyphenizeServiceID(s.ServiceID))] = s.Name
	}
	for alias, name := range cliAliases {
		m[alias] = name
	}
	for _, s := range services {
		m[strings.ToLower(s.Name)] = s.Name
	}
	return m
}

// HyphenizeServiceID turns a serviceId into the lower-case, dashed form botocore uses for
// configuration keys and AWS_ENDPOINT_URL_<SERVICE>: "Cost Explorer" → "cost-explorer".
func HyphenizeServiceID(serviceID string) string {
	return strings.ToLower(strings.Join(strings.Fields(serviceID), "-"))
}

// Resolve returns the botocore name of a service given its botocore name, an AWS CLI spelling
// ("s3api", "configservice") or its serviceId in any case ("DynamoDB", "cost-explorer").
func (l *Library) Resolve(name string) (string, error) {
	if _, err := l.loadIndex(); err != nil {
		return "", err
	}
	key := strings.ToLower(strings.TrimSpace(name))
	if n, ok := l.aliases[key]; ok {
		return n, nil
	}
	if n, ok := l.aliases[strings.ReplaceAll(key, " ", "-")]; ok {
		return n, nil
	}
	return "", &UnknownServiceError{Name: name, Suggestions: l.Suggest(name, 3)}
}

// UnknownServiceError says a service name matched nothing, with the closest names.
type UnknownServiceError struct {
	Name        string
	Suggestions []string
}

func (e *UnknownServiceError) Error() string {
	msg := fmt.Sprintf("unknown service %q", e.Name)
	if len(e.Suggestions) > 0 {
		msg += "; did you mean " + strings.Join(e.Suggestions, ", ") + "?"
	}
	return msg + " (`nimbus services` lists them all)"
}

// ErrUnknownService matches any *UnknownServiceError with errors.Is.
var ErrUnknownService = errors.New("unknown service")

// Is lets errors.Is(err, ErrUnknownService) match.
func (e *UnknownServiceError) Is(target error) bool { return target == ErrUnknownService }

// Suggest returns up to n service names closest to name: prefix matches first, then by edit
// distance, so "dynamo" suggests "dynamodb". Aliases count as matches of their service.
func (l *Library) Suggest(name string, n int) []string {
	if _, err := l.loadIndex(); err != nil {
		return nil
	}
	spellings := make([]string, 0, len(l.aliases))
	for alias := range l.aliases {
		spellings = append(spellings, alias)
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range closest(strings.ToLower(strings.TrimSpace(name)), spellings, len(spellings)) {
		canonical := l.aliases[s]
		if !seen[canonical] {
			seen[canonical] = true
			out = append(out, canonical)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// Load returns the model of a service, parsing it on first use. name may be any spelling
// Resolve accepts.
func (l *Library) Load(name string) (*Service, error) {
	canonical := strings.ToLower(strings.TrimSpace(name))
	l.mu.Lock()
	e, ok := l.services[canonical]
	l.mu.Unlock()
	if !ok {
		if _, err := fs.Stat(l.fsys, canonical+serviceExt); err != nil {
			// Not a botocore name: only then is the index worth parsing for the aliases.
			if canonical, err = l.Resolve(name); err != nil {
				return nil, err
			}
		}
		l.mu.Lock()
		if e, ok = l.services[canonical]; !ok {
			e = &serviceEntry{}
			l.services[canonical] = e
		}
		l.mu.Unlock()
	}
	e.once.Do(func() {
		var svc Service
		if err := readGzipJSON(l.fsys, canonical+serviceExt, &svc); err != nil {
			e.err = fmt.Errorf("loading the %s model: %w", canonical, err)
			return
		}
		e.svc = &svc
	})
	return e.svc, e.err
}

// Endpoints returns the partition and endpoint data, parsed on first use.
func (l *Library) Endpoints() (*Endpoints, error) {
	l.endpointsOnce.Do(func() {
		var ep Endpoints
		if err := readGzipJSON(l.fsys, EndpointsFile, &ep); err != nil {
			l.endpointsErr = fmt.Errorf("loading endpoint data: %w", err)
			return
		}
		if err := ep.prepare(); err != nil {
			l.endpointsErr = fmt.Errorf("loading endpoint data: %w", err)
			return
		}
		l.endpoints = &ep
	})
	return l.endpoints, l.endpointsErr
}

func readGzipJSON(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(path.Clean(name))
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var buf bytes.Buffer
	if size := gzipSize(f); size > 0 {
		buf.Grow(size + bytes.MinRead) // one allocation instead of a dozen for ec2's 2 MB
	}
	if _, err := buf.ReadFrom(zr); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// gzipSize reads the uncompressed size from a gzip file's trailer, or returns 0 when the file
// cannot be read at an offset (embedded files can).
func gzipSize(f fs.File) int {
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return 0
	}
	info, err := f.Stat()
	if err != nil || info.Size() < 4 {
		return 0
	}
	var trailer [4]byte
	if _, err := ra.ReadAt(trailer[:], info.Size()-4); err != nil {
		return 0
	}
	size := int(binary.LittleEndian.Uint32(trailer[:]))
	if size > 256<<20 {
		return 0 // the trailer holds the size modulo 4 GiB: do not trust a silly value
	}
	return size
}

// closest ranks candidates by how well they match query.
func closest(query string, candidates []string, n int) []string {
	type scored struct {
		name  string
		score int
	}
	var list []scored
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(query, c)
		switch {
		case query != "" && strings.HasPrefix(c, query):
			d = -len(query) // any prefix match beats any edit
		case query != "" && strings.Contains(c, query):
			d = 0
		}
		if d <= max(2, len(query)/3) {
			list = append(list, scored{c, d})
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score < list[j].score
		}
		if len(list[i].name) != len(list[j].name) {
			return len(list[i].name) < len(list[j].name)
		}
		return list[i].name < list[j].name
	})
	out := make([]string, 0, n)
	for _, s := range list {
		if len(out) == n {
			break
		}
		out = append(out, s.name)
	}
	return out
}
