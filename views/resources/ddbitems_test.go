package resources_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/needtool"
	"github.com/nimbus-tui/nimbus/tui"
	"github.com/nimbus-tui/nimbus/views/resources"
)

// awsCLI runs the aws CLI against moto, as a user seeding a table would.
func awsCLI(t *testing.T, srv *motoserver.Server, region string, args ...string) {
	t.Helper()
	bin := needtool.Command(t, "aws", "python3 -m pip install awscli")
	cmd := exec.Command(bin, append(args, "--endpoint-url", srv.URL, "--region", region, "--output", "json")...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// headerWith returns the first line of screen holding every title.
func headerWith(screen string, titles ...string) string {
	for _, l := range strings.Split(screen, "\n") {
		all := true
		for _, t := range titles {
			if !strings.Contains(l, t) {
				all = false
			}
		}
		if all {
			return l
		}
	}
	return ""
}

// Issue 8 #21: items showed as "ATTRIBUTES 3 / ITEM age=20 id=u0000…". Now a column per
// attribute, the table's key first (though "age" sorts before "id"), then the most common
// attributes; a wide value is cut in the table and read whole with d.
func TestDynamoDBItemsShowAColumnPerAttribute(t *testing.T) {
	srv := freshMoto(t)
	region := "eu-north-1"
	awsCLI(t, srv, region, "dynamodb", "create-table", "--table-name", "users",
		"--attribute-definitions", "AttributeName=id,AttributeType=S",
		"--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
	wide := strings.Repeat("long-bio-", 12) + "end"
	var puts []string
	for i := range 4 {
		item := fmt.Sprintf(`{"id": {"S": "u%04d"}, "age": {"N": "%d"}, "name": {"S": "user %d"}`, i, 20+i, i)
		if i%2 == 0 {
			item += fmt.Sprintf(`, "email": {"S": "u%d@example.com"}`, i)
		}
		if i == 3 {
			item += fmt.Sprintf(`, "bio": {"S": %q}, "tags": {"SS": ["a", "b"]}, "active": {"BOOL": true}`, wide)
		}
		puts = append(puts, `{"PutRequest": {"Item": `+item+`}}}`)
	}
	awsCLI(t, srv, region, "dynamodb", "batch-write-item", "--request-items", `{"users": [`+strings.Join(puts, ", ")+`]}`)
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "ddb")
	loaded(d, "users")
	d.Key("enter")
	d.WaitForText(wait, "users › items", "u0003")
	loaded(d, "u0003")
	screen := d.Screen()
	if strings.Contains(screen, "ATTRIBUTES") || strings.Contains(screen, "age=") {
		t.Fatalf("items still shown as name=value pairs:\n%s", screen)
	}
	header := headerWith(screen, "id", "age", "name", "email")
	if f := strings.Fields(header); len(f) == 0 || f[0] != "id" {
		t.Fatalf("the key attribute should come first; header %q\n%s", header, screen)
	}
	// Every item has age and name, half of them email, one bio: the common ones come first.
	if !(strings.Index(header, "age") < strings.Index(header, "email") && strings.Index(header, "name") < strings.Index(header, "email")) {
		t.Errorf("common attributes should come before rarer ones: %q", header)
	}
	for i := range 4 {
		if !rowHas(screen, fmt.Sprintf("u%04d", i), fmt.Sprint(20+i), fmt.Sprintf("user %d", i)) {
			t.Errorf("item u%04d not shown a value per column:\n%s", i, screen)
		}
	}
	if !rowHas(screen, "u0003", "a, b", "yes") && !rowHas(screen, "u0003", "a, b", "true") {
		t.Errorf("the set and the boolean of u0003 are not shown:\n%s", screen)
	}
	if strings.Contains(screen, wide) {
		t.Errorf("the wide value should be cut in the table")
	}
	// The wide value, whole, in the describe page of its row.
	d.Key("/")
	d.Type("u0003")
	d.Key("enter")
	d.WaitFor("u0003 alone", wait, func(s string) bool { return rowHas(s, "▸", "u0003") })
	d.Key("d")
	d.WaitForText(wait, `S: "long-bio-long-bio`)
	d.Key("w") // wrap: the value's end shows too
	d.WaitFor("the whole value", wait, func(s string) bool {
		var joined strings.Builder // the wrapped lines put back together
		for _, l := range strings.Split(s, "\n") {
			joined.WriteString(strings.TrimSpace(l))
		}
		return strings.Contains(joined.String(), `S: "`+wide+`"`)
	})
}

// The attribute columns were chosen on the first page of the scan and kept: attributes that
// later pages brought in every item fell into MORE as "city=… zip=…". They are chosen again as
// pages bring new common attributes, the key attribute still first.
func TestDynamoDBItemColumnsFollowLaterPages(t *testing.T) {
	srv := freshMoto(t)
	region := "eu-south-1"
	awsCLI(t, srv, region, "dynamodb", "create-table", "--table-name", "people",
		"--attribute-definitions", "AttributeName=id,AttributeType=S",
		"--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
	var puts []string
	for i := range 6 {
		item := fmt.Sprintf(`{"id": {"S": "p%d"}, "name": {"S": "person %d"}`, i, i)
		if i >= 2 {
			item += fmt.Sprintf(`, "city": {"S": "town%d"}, "zip": {"N": "%d"}`, i, 1000+i)
		}
		puts = append(puts, `{"PutRequest": {"Item": `+item+`}}}`)
	}
	awsCLI(t, srv, region, "dynamodb", "batch-write-item", "--request-items", `{"people": [`+strings.Join(puts, ", ")+`]}`)
	d := startApp(t, srv, appConfig{region: region, start: func(reg *resource.Registry, pages *resources.Pages, s tui.Session) tui.Page {
		def, _ := reg.Lookup("dynamodb-item")
		return pages.Open(s, def, map[string]any{"TableName": "people", "Limit": 2}, "people › items")
	}})
	d.WaitFor("every item", wait, func(s string) bool {
		return strings.Contains(s, "6 items") && !strings.Contains(s, "loading")
	})
	screen := d.Screen()
	header := headerWith(screen, "id", "name")
	if f := strings.Fields(header); len(f) < 4 || f[0] != "id" || !strings.Contains(header, "city") || !strings.Contains(header, "zip") {
		t.Fatalf("the attributes of the later pages should have columns, the key first; header %q\n%s", header, screen)
	}
	if strings.Contains(screen, "city=") || strings.Contains(header, "MORE") {
		t.Fatalf("common attributes left in MORE:\n%s", screen)
	}
	for i := 2; i < 6; i++ {
		if !rowHas(screen, fmt.Sprintf("p%d ", i), fmt.Sprintf("town%d", i), fmt.Sprint(1000+i)) {
			t.Errorf("item p%d not shown a value per column:\n%s", i, screen)
		}
	}
}

// An item was named by its whole typed JSON in the breadcrumbs ("items ›
// {"pk":{"S":"c0"},"sk":{"N":"7"},"total":…}"): it is named by its key's values.
func TestDynamoDBItemIsNamedByItsKey(t *testing.T) {
	srv := freshMoto(t)
	region := "eu-south-1"
	awsCLI(t, srv, region, "dynamodb", "create-table", "--table-name", "orders",
		"--attribute-definitions", "AttributeName=pk,AttributeType=S", "AttributeName=sk,AttributeType=N",
		"--key-schema", "AttributeName=pk,KeyType=HASH", "AttributeName=sk,KeyType=RANGE", "--billing-mode", "PAY_PER_REQUEST")
	awsCLI(t, srv, region, "dynamodb", "put-item", "--table-name", "orders",
		"--item", `{"pk": {"S": "c0"}, "sk": {"N": "7"}, "total": {"N": "10.5"}}`)
	d := startApp(t, srv, appConfig{region: region})
	d.WaitForText(wait, "instances")
	command(d, "ddb")
	loaded(d, "orders")
	d.Key("enter")
	d.WaitForText(wait, "orders › items", "10.5")
	d.Key("d")
	d.WaitForText(wait, `N: "10.5"`)
	crumbs := strings.Split(d.Screen(), "\n")[1]
	if !strings.Contains(crumbs, "items › c0 · 7") || strings.Contains(crumbs, "{") {
		t.Fatalf("the item should be named by its key: %q", crumbs)
	}
}
