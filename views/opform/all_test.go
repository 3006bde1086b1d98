package opform

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// exercise builds the form of one operation and uses every part of it that reads the model.
func exercise(t *testing.T, svc *model.Service, op string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s %s: panic: %v", svc.Name, op, r)
		}
	}()
	f := New(svc, op, testEnv())
	if f.Operation() != op {
		t.Errorf("%s %s: form for %q", svc.Name, op, f.Operation())
	}
	f.SetSize(100, 30)
	if v := f.View(); strings.Count(v, "\n") != 29 {
		t.Errorf("%s %s: %d lines, want 30", svc.Name, op, strings.Count(v, "\n")+1)
	}
	doc := f.editorDocument()
	f.Update(editorDoneMsg{form: f, id: f.editID, text: []byte(doc)})
	if strings.Contains(f.status, "not valid JSON") || strings.Contains(f.status, "unknown members") {
		t.Errorf("%s %s: its own skeleton did not parse back: %s", svc.Name, op, f.status)
	}
	f.Input()
	for range min(len(f.fields), 3) {
		press(f, "<tab>", "<right>")
	}
}

func TestFormsForChosenOperations(t *testing.T) {
	for _, c := range []struct{ service, op string }{
		{"s3", "PutObject"}, {"ec2", "RunInstances"}, {"dynamodb", "Query"}, {"sqs", "SendMessage"},
	} {
		svc := loadService(t, c.service)
		exercise(t, svc, c.op)
		f := New(svc, c.op, testEnv())
		if len(f.fields) == 0 {
			t.Errorf("%s %s has no fields", c.service, c.op)
		}
		if !strings.Contains(ansi.Strip(f.View()), f.fields[0].name) {
			t.Errorf("%s %s: the first field is not shown", c.service, c.op)
		}
	}
}

// TestEveryOperationBuildsAForm builds the form of every operation of every service botocore
// describes. With -short it samples every seventh service.
func TestEveryOperationBuildsAForm(t *testing.T) {
	services, err := model.Index()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ops := 0
	for i, info := range services {
		if testing.Short() && i%7 != 0 {
			continue
		}
		svc := loadService(t, info.Name)
		for _, op := range svc.OperationNames() {
			exercise(t, svc, op)
			ops++
		}
	}
	t.Logf("%d operations of %d services in %v", ops, len(services), time.Since(start))
}
