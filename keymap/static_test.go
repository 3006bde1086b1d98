package keymap

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// notKeys are the files that read keys without matching a binding, and why.
var notKeys = map[string]string{
	"tui/burst.go":                    "splits what the terminal sent in one read, before any binding sees it",
	"tui/tuitest":                     "the test driver builds key messages from key names",
	"keymap":                          "the key map itself",
	"scripts/firstframe/bare/main.go": "the bare Bubble Tea program nimbus's first frame is measured against",
}

// makesBindings are the files that may build a binding outside the key map, and why: none of
// them names a key of its own.
var makesBindings = map[string]string{
	"tui/actions.go": "Join: one binding for the keys of several of the key map's",
	"tui/help.go":    "closeKeys: the help closes on the key map's back, help and quit keys",
}

// Issues 8 and 13: a key compared as a string (msg.String() == "x", switch msg.String(),
// key.WithKeys("x") outside the key map, msg.Code == 'x') cannot be remapped and is not in
// the `?` help. No file that reads Bubble Tea keys does that.
func TestNoKeyIsMatchedOutsideTheKeyMap(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if _, ok := notKeys[rel]; ok || rel == ".git" || rel == "testdata" || strings.HasSuffix(rel, "/testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if _, ok := notKeys[rel]; ok || !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if !importsBubbleTea(f) {
			return nil
		}
		_, builds := makesBindings[rel]
		for _, why := range literalKeys(f, builds) {
			found = append(found, fset.Position(why.pos).String()+": "+why.what)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("keys matched outside the key map (make each a binding of keymap/, see docs/ARCHITECTURE.md):\n%s", strings.Join(found, "\n"))
	}
}

func importsBubbleTea(f *ast.File) bool {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "charm.land/bubbletea/v2" || p == "charm.land/bubbles/v2/key" {
			return true
		}
	}
	return false
}

type finding struct {
	pos  token.Pos
	what string
}

// keyReads are the selectors that read a key as text or code.
var keyReads = map[string]bool{"String": true, "Keystroke": true}

func isKeyRead(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && len(e.Args) == 0 && keyReads[sel.Sel.Name] {
			return true
		}
	case *ast.SelectorExpr:
		return e.Sel.Name == "Code" // tea.Key's rune: only keys have one
	}
	return false
}

// isKeyLiteral is a string or rune literal, or a tea.KeyXxx constant.
func isKeyLiteral(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.STRING || e.Kind == token.CHAR
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "tea" && strings.HasPrefix(e.Sel.Name, "Key")
	}
	return false
}

// literalKeys finds the keys f matches itself; builds allows it to build bindings from keys it
// is given.
func literalKeys(f *ast.File, builds bool) []finding {
	var out []finding
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) &&
				((isKeyRead(n.X) && isKeyLiteral(n.Y)) || (isKeyRead(n.Y) && isKeyLiteral(n.X))) {
				out = append(out, finding{n.Pos(), "a key compared with a literal"})
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && isKeyRead(n.Tag) {
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						if isKeyLiteral(e) {
							out = append(out, finding{e.Pos(), "a key switched on a literal"})
						}
					}
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithKeys" {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "key" {
					for _, a := range n.Args {
						if isKeyLiteral(a) {
							out = append(out, finding{a.Pos(), "key.WithKeys with a literal key"})
						}
					}
					if !builds && !slices.ContainsFunc(n.Args, isKeyLiteral) {
						out = append(out, finding{n.Pos(), "key.WithKeys outside the key map (a page's own bind helper?)"})
					}
				}
			}
		}
		return true
	})
	return out
}
