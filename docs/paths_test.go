package docs

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notInRepo are backticked names in the documents that look like paths but are not files of this
// repository: SDK and standard-library packages, media types, user configuration files, placeholders.
// Add to it only what is genuinely outside the tree.
var notInRepo = map[string]bool{
	"../shared/DESIGN.md":                true, // outside the repository by design
	"application/vnd.amazon.eventstream": true,
	"encoding/xml":                       true,
	"feature/s3/manager":                 true,
	"feature/s3/transfermanager":         true,
	"testdata/NAME.golden":               true,
	"config.json":                        true,
	"config.yaml":                        true,
	"keys.json":                          true,
	"theme.json":                         true,
	"recent.json":                        true,
	"insights-history.json":              true,
}

var (
	backticked = regexp.MustCompile("`([^`\n]+)`")
	mdLink     = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	// A path-like token: no spaces, at least one slash or a file extension we keep in the tree.
	pathLike = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.*-]+)*/?$`)
	fileExt  = regexp.MustCompile(`\.(go|md|tsv|py|sh|json|golden|txt)$`)
	// pkg/path.Symbol or pkg/path.Type.Method: the part after the package is a Go identifier.
	symbolRef = regexp.MustCompile(`^(.*/[a-z0-9_]+)\.([A-Z][A-Za-z0-9_]*)(\.[A-Z][A-Za-z0-9_]*)?$`)
)

// repoFiles lists every path in the repository (files and directories, slash-separated, relative
// to the root), skipping .git.
func repoFiles(t *testing.T, root string) []string {
	t.Helper()
	var all []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, p)
		all = append(all, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// exists reports whether some path in the tree is name or ends in "/"+name: the documents often
// name a file by its last segments (`invoke/wirecall.go`) once the package is clear.
func exists(all []string, name string) bool {
	name = strings.TrimSuffix(name, "/")
	for _, p := range all {
		if p == name || strings.HasSuffix(p, "/"+name) {
			return true
		}
	}
	return false
}

// declares reports whether a non-test Go file in dir mentions ident as a word.
func declares(t *testing.T, dir, ident string) bool {
	t.Helper()
	word := regexp.MustCompile(`\b` + regexp.QuoteMeta(ident) + `\b`)
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if word.Match(b) {
			return true
		}
	}
	return false
}

func TestDocumentsNameOnlyPathsThatExist(t *testing.T) {
	root := ".."
	all := repoFiles(t, root)
	for _, doc := range []string{"docs/ARCHITECTURE.md", "README.md"} {
		b, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			var names []string
			for _, m := range backticked.FindAllStringSubmatch(line, -1) {
				names = append(names, m[1])
			}
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				if !strings.Contains(m[1], "://") && !strings.HasPrefix(m[1], "#") {
					names = append(names, strings.SplitN(m[1], "#", 2)[0])
				}
			}
			for _, name := range names {
				if notInRepo[name] || !pathLike.MatchString(name) {
					continue
				}
				if m := symbolRef.FindStringSubmatch(name); m != nil {
					if !exists(all, m[1]) {
						t.Errorf("%s:%d: `%s`: no package %s", doc, i+1, name, m[1])
					} else if dir := filepath.Join(root, m[1]); !declares(t, dir, m[2]) {
						t.Errorf("%s:%d: `%s`: %s is not in package %s", doc, i+1, name, m[2], m[1])
					}
					continue
				}
				if !strings.Contains(name, "/") && !fileExt.MatchString(name) {
					continue // a word, a flag value, an operation name
				}
				if strings.Contains(name, "*") {
					continue // a glob such as `.NAME.*.nimbus-part`
				}
				if isDir(filepath.Join(build.Default.GOROOT, "src", name)) {
					continue // a standard library package: `runtime/metrics`
				}
				if !exists(all, name) {
					t.Errorf("%s:%d: `%s` names no file or package in the repository (a rename? else add it to notInRepo)", doc, i+1, name)
				}
			}
		}
	}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// TestArchitectureNamesEveryPackage fails when a package of the module is nowhere in
// ARCHITECTURE.md: a new package gets its line in the same change.
func TestArchitectureNamesEveryPackage(t *testing.T) {
	root := ".."
	b, err := os.ReadFile(filepath.Join(root, "docs/ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	arch := string(b)
	pkgs := map[string]bool{}
	for _, p := range repoFiles(t, root) {
		dir := filepath.ToSlash(filepath.Dir(p))
		if !strings.HasSuffix(p, ".go") || dir == "." || strings.Contains("/"+dir+"/", "/testdata/") {
			continue
		}
		pkgs[dir] = true
	}
	for dir := range pkgs {
		// Named by its path (`awsapi/s3xfer`) or, in the layer map, by its last element as a word.
		base := regexp.MustCompile(`\b` + regexp.QuoteMeta(filepath.Base(dir)) + `\b`)
		if !strings.Contains(arch, dir) && !base.MatchString(arch) {
			t.Errorf("package %s is not named in docs/ARCHITECTURE.md: give it a line (the layer map at the top)", dir)
		}
	}
}

// TestDocumentsNameOnlyTestsThatExist: a figure or a guarantee the documents pin on a test
// (`TestDownloadOfTheLongestFileName`) must point at a test that is there to run.
func TestDocumentsNameOnlyTestsThatExist(t *testing.T) {
	root := ".."
	declared := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz)[A-Z]\w*)`)
	for _, p := range repoFiles(t, root) {
		if !strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllSubmatch(b, -1) {
			declared[string(m[1])] = true
		}
	}
	named := regexp.MustCompile(`\b((?:Test|Benchmark|Fuzz)[A-Z]\w*)`)
	for _, doc := range []string{"docs/ARCHITECTURE.md", "README.md"} {
		b, err := os.ReadFile(filepath.Join(root, doc))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range named.FindAllStringSubmatch(line, -1) {
				if !declared[m[1]] {
					t.Errorf("%s:%d: %s is not a test of the repository (renamed?)", doc, i+1, m[1])
				}
			}
		}
	}
}
