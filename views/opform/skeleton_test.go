package opform

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// recursiveService has a structure that holds a list of itself and a map of itself.
func recursiveService() *model.Service {
	return &model.Service{
		Name: "test",
		Operations: map[string]*model.Operation{
			"PutTree": {Name: "PutTree", Input: &model.ShapeRef{Shape: "PutTreeInput"}},
		},
		Shapes: map[string]*model.Shape{
			"PutTreeInput": {Type: "structure", Required: []string{"Root"}, MemberOrder: []string{"Root", "Token"},
				Members: map[string]*model.ShapeRef{"Root": {Shape: "Node"}, "Token": {Shape: "String", IdempotencyToken: true}}},
			"Node": {Type: "structure", MemberOrder: []string{"Name", "Children", "ByName", "Kind"},
				Members: map[string]*model.ShapeRef{
					"Name": {Shape: "String"}, "Children": {Shape: "NodeList"}, "ByName": {Shape: "NodeMap"}, "Kind": {Shape: "Kind"},
				}},
			"NodeList": {Type: "list", Member: &model.ShapeRef{Shape: "Node"}},
			"NodeMap":  {Type: "map", Key: &model.ShapeRef{Shape: "String"}, Value: &model.ShapeRef{Shape: "Node"}},
			"String":   {Type: "string"},
			"Kind":     {Type: "string", Enum: []string{"LEAF", "BRANCH"}},
		},
	}
}

func TestSkeletonOfRecursiveShapesTerminates(t *testing.T) {
	svc := recursiveService()
	sk := Skeleton(svc, "PutTreeInput")
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(sk); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(b.String())
	// Node expands once; where it recurs it stays a placeholder.
	want := `{"Root":{"ByName":{"<string>":"<structure>"},"Children":["<structure>"],"Kind":"<LEAF|BRANCH>","Name":"<string>"},"Token":"<string>"}`
	if got != want {
		t.Errorf("skeleton\n got %s\nwant %s", got, want)
	}
	if left, keep := stripPlaceholders(svc, "PutTreeInput", roundTripJSON(t, sk)); keep {
		t.Errorf("an untouched skeleton should strip to nothing, left %v", left)
	}
}

func TestSkeletonOfRealRecursiveShapes(t *testing.T) {
	for _, c := range []struct{ service, shape string }{
		{"dynamodb", "AttributeValue"}, // M and L hold AttributeValues
		{"dynamodb", "QueryInput"},
		{"ec2", "RunInstancesRequest"},
		{"glue", "CreateTableRequest"},
		{"wafv2", "CreateWebACLRequest"},        // statements nest statements
		{"quicksight", "CreateAnalysisRequest"}, // very wide and deep
		{"bedrock-agent", "CreateFlowRequest"},
	} {
		svc := loadService(t, c.service)
		if svc.Shape(c.shape) == nil {
			t.Errorf("%s has no shape %s", c.service, c.shape)
			continue
		}
		b, err := json.Marshal(Skeleton(svc, c.shape))
		if err != nil {
			t.Errorf("%s %s: %v", c.service, c.shape, err)
			continue
		}
		if len(b) > 2<<20 {
			t.Errorf("%s %s skeleton is %d bytes: the budget should bound it", c.service, c.shape, len(b))
		}
	}
}

func TestStripKeepsWhatWasWritten(t *testing.T) {
	svc := recursiveService()
	doc := roundTripJSON(t, map[string]any{
		"Root": map[string]any{
			"Name":     "top",
			"Kind":     "<LEAF|BRANCH>",
			"Children": []any{map[string]any{"Name": "<string>", "Kind": "LEAF"}, "<structure>"},
			"ByName":   map[string]any{"<string>": "<structure>"},
		},
		"Token": "<string>",
	})
	got, _ := stripPlaceholders(svc, "PutTreeInput", doc)
	b, _ := json.Marshal(got)
	want := `{"Root":{"Children":[{"Kind":"LEAF"}],"Name":"top"}}`
	if string(b) != want {
		t.Errorf("stripped\n got %s\nwant %s", b, want)
	}
}

func roundTripJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decodeJSON(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEditorRoundTrip(t *testing.T) {
	svc := recursiveService()
	f := New(svc, "PutTree", testEnv())
	doc := f.editorDocument()
	if !strings.HasPrefix(doc, "{\n  \"Root\": {\n    \"Name\": \"<string>\",") {
		t.Errorf("the document should follow the model's order:\n%s", doc)
	}
	edited := strings.Replace(doc, `"Name": "<string>"`, `"Name": "oak"`, 1)
	f.Update(editorDoneMsg{form: f, id: f.editID, text: []byte(edited)})
	in, _, err := f.Input()
	if err != nil {
		t.Fatalf("Input after editing: %v (status %q)", err, f.status)
	}
	root, _ := in["Root"].(map[string]any)
	if root["Name"] != "oak" || len(root) != 1 {
		t.Errorf("Root = %#v, want only Name oak", in["Root"])
	}
	if _, set := in["Token"]; set {
		t.Errorf("the token placeholder was sent: %v", in)
	}
	// A result meant for another form is ignored.
	g := New(svc, "PutTree", testEnv())
	g.Update(editorDoneMsg{form: f, id: g.editID, text: []byte(`{"Root": {"Name": "pine"}}`)})
	if in, _, _ := g.Input(); len(in) != 0 {
		t.Errorf("another form's editor result was applied: %v", in)
	}
	// A result from an older editor session is ignored.
	f.Update(editorDoneMsg{form: f, id: f.editID - 1, text: []byte(`{"Root": {"Name": "elm"}}`)})
	if in, _, _ := f.Input(); in["Root"].(map[string]any)["Name"] != "oak" {
		t.Error("a stale editor result was applied")
	}
}

func TestEditorErrorsKeepTheText(t *testing.T) {
	f := New(recursiveService(), "PutTree", testEnv())
	f.editID = 3
	f.Update(editorDoneMsg{form: f, id: 3, text: []byte(`{"Root": {"Name": "x"`)})
	if !strings.Contains(f.status, "not valid JSON") || f.editText == "" {
		t.Errorf("broken JSON: status %q, kept %q", f.status, f.editText)
	}
	f.Update(editorDoneMsg{form: f, id: 3, text: []byte(`{"Root": {"Name": "x"}, "Extra": 1}`)})
	if !strings.Contains(f.status, "unknown members Extra") {
		t.Errorf("unknown member: status %q", f.status)
	}
	f.Update(editorDoneMsg{form: f, id: 3, text: []byte(`{"Root": {"Name": 5, "Kind": "LEAF"}}`)})
	if !strings.Contains(f.status, "Root.Name: expected a string") {
		t.Errorf("wrong type: status %q", f.status)
	}
	if f.editText != "" {
		t.Error("a document that parsed should not be offered again")
	}
}
