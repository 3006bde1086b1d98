// Command gen converts an installed botocore's data directory into nimbus's compact, embedded
// model files: one gzip'd JSON per service (service-2 with first-sentence docs, paginators-1,
// waiters-2, from the latest API version), an index, and the endpoint data.
//
// Run it through `go generate ./awsapi/model`; see ../doc.go for the refresh steps.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/botocore"
)

func main() {
	dataDir := flag.String("data", "", "botocore's data directory (default: found with python3)")
	outDir := flag.String("out", "data", "directory to write the compact files to")
	flag.Parse()

	dir := *dataDir
	if dir == "" {
		var err error
		if dir, err = findBotocoreData(); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	idx, warnings, err := generate(dir, *outDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "gen: warning:", w)
	}
	ops, pags, waiters := totals(idx)
	fmt.Printf("gen: botocore %s: %d services, %d operations, %d paginators, %d waiters → %s\n",
		idx.BotocoreVersion, len(idx.Services), ops, pags, waiters, *outDir)
}

// findBotocoreData asks the python3 on PATH where botocore is installed.
func findBotocoreData() (string, error) {
	dir, err := botocore.DataDir()
	if err != nil {
		return "", fmt.Errorf("%w; or pass -data DIR", err)
	}
	return dir, nil
}

func totals(idx *model.IndexData) (ops, pags, waiters int) {
	for _, s := range idx.Services {
		ops += s.Operations
		pags += s.Paginators
		waiters += s.Waiters
	}
	return ops, pags, waiters
}

// generate converts every service under dataDir and writes the files to outDir, removing
// generated files of services that no longer exist. Other files (NOTICE) are left alone. The
// warnings name botocore keys that were neither kept nor knowingly dropped.
func generate(dataDir, outDir string) (idx *model.IndexData, warnings []string, err error) {
	version, cliNames, err := readBotocoreSource(filepath.Dir(dataDir))
	if err != nil {
		return nil, nil, err
	}
	services, err := serviceNames(dataDir)
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, nil, err
	}
	idx = &model.IndexData{FormatVersion: model.FormatVersion, BotocoreVersion: version, CLINames: cliNames}
	written := map[string]bool{}
	for _, name := range services {
		svc, unknown, err := convertDir(dataDir, name)
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, unknown...)
		file := name + ".json.gz"
		if err := writeGzipJSON(filepath.Join(outDir, file), svc); err != nil {
			return nil, nil, err
		}
		written[file] = true
		idx.Services = append(idx.Services, serviceInfo(svc))
	}

	ep, err := convertEndpoints(dataDir)
	if err != nil {
		return nil, nil, err
	}
	if err := writeGzipJSON(filepath.Join(outDir, model.EndpointsFile), ep); err != nil {
		return nil, nil, err
	}
	written[model.EndpointsFile] = true
	if err := writeGzipJSON(filepath.Join(outDir, model.IndexFile), idx); err != nil {
		return nil, nil, err
	}
	written[model.IndexFile] = true
	return idx, warnings, removeStale(outDir, written)
}

// convertDir converts one service directory of botocore's data.
func convertDir(dataDir, name string) (*model.Service, []string, error) {
	dir := filepath.Join(dataDir, name)
	version, err := latestVersion(dir)
	if err != nil {
		return nil, nil, err
	}
	return convertService(name, filepath.Join(dir, version))
}

// serviceNames lists the service directories of botocore's data, sorted.
func serviceNames(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(dataDir)
	if err != nil {
		return nil, fmt.Errorf("reading botocore data: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), "_") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, fmt.Errorf("%s holds no service directories: is it botocore's data directory?", dataDir)
	}
	return names, nil
}

var (
	versionRE = regexp.MustCompile(`__version__\s*=\s*['"]([^'"]+)['"]`)
	// botocore's xform_name cache entries: ('CreateCachediSCSIVolume', '-'): 'create-cached-iscsi-volume'
	cliNameRE = regexp.MustCompile(`\(\s*'([A-Za-z0-9]+)',\s*'-',?\s*\):\s*'([a-z0-9-]+)'`)
)

// readBotocoreSource reads the version and the hand-made AWS CLI spellings from botocore's
// __init__.py, next to its data directory.
func readBotocoreSource(pkgDir string) (string, map[string]string, error) {
	src, err := os.ReadFile(filepath.Join(pkgDir, "__init__.py"))
	if err != nil {
		return "", nil, fmt.Errorf("reading botocore's version (is -data botocore's data directory?): %w", err)
	}
	m := versionRE.FindSubmatch(src)
	if m == nil {
		return "", nil, errors.New("botocore's __init__.py has no __version__")
	}
	names := map[string]string{}
	for _, pair := range cliNameRE.FindAllSubmatch(src, -1) {
		names[string(pair[1])] = string(pair[2])
	}
	return string(m[1]), names, nil
}

// writeGzipJSON writes v as gzip'd JSON. The output depends only on v (no timestamps), so
// regenerating from the same botocore changes no file.
func writeGzipJSON(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := io.Copy(zw, bytes.NewReader(data)); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func removeStale(outDir string, keep map[string]bool) error {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json.gz") && !keep[e.Name()] {
			if err := os.Remove(filepath.Join(outDir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
