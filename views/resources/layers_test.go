package resources_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Issue 13 #6: views/resources imported views/clients and views/s3, which import it back through
// interfaces; it now imports neither (the S3 browser attaches itself, the catalog is an interface).
func TestResourcesImportNeitherClientsNorS3(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasSuffix(path, "/views/clients") || strings.HasSuffix(path, "/views/s3") {
				t.Errorf("%s imports %s", f, path)
			}
		}
	}
}
