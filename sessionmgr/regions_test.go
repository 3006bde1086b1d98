package sessionmgr

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/internal/botocore"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

func TestRegionsMarkOptIn(t *testing.T) {
	regions := Regions()
	seen := map[string]Region{}
	for _, r := range regions {
		if _, dup := seen[r.Name]; dup {
			t.Errorf("region %s listed twice", r.Name)
		}
		seen[r.Name] = r
	}
	for _, name := range []string{"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3",
		"ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2",
		"eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1"} {
		if r, ok := seen[name]; !ok || !r.OptIn {
			t.Errorf("%s: listed=%v opt-in=%v, want an opt-in region", name, ok, r.OptIn)
		}
	}
	for _, name := range []string{"us-east-1", "eu-west-1", "ap-northeast-3", "eu-north-1", "cn-north-1", "us-gov-west-1"} {
		if r, ok := seen[name]; !ok || r.OptIn {
			t.Errorf("%s: listed=%v opt-in=%v, want a region enabled by default", name, ok, r.OptIn)
		}
	}
	if r, ok := LookupRegion("cn-northwest-1"); !ok || r.Partition != "aws-cn" {
		t.Errorf("LookupRegion(cn-northwest-1) = %+v, %v", r, ok)
	}
	regions[0].Name = "changed"
	if Regions()[0].Name == "changed" {
		t.Error("Regions returns shared state")
	}
}

// TestRegionsMatchBotocore compares the table with the installed botocore's partitions.json, so a
// botocore upgrade that adds a region shows up here.
func TestRegionsMatchBotocore(t *testing.T) {
	dir, err := botocore.DataDir()
	if err != nil {
		needtool.Missing(t, "cannot compare the region table: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "partitions.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Partitions []struct {
			ID      string `json:"id"`
			Regions map[string]struct {
				Description string `json:"description"`
			} `json:"regions"`
		} `json:"partitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]Region{}
	for _, p := range doc.Partitions {
		if p.ID != "aws" && p.ID != "aws-cn" && p.ID != "aws-us-gov" {
			continue
		}
		for name, r := range p.Regions {
			if !strings.HasSuffix(name, "-global") {
				want[name] = Region{Name: name, Description: r.Description, Partition: p.ID}
			}
		}
	}
	got := map[string]bool{}
	for _, r := range Regions() {
		got[r.Name] = true
		w, ok := want[r.Name]
		if !ok {
			t.Errorf("%s is not in botocore's partitions.json", r.Name)
			continue
		}
		if r.Description != w.Description || r.Partition != w.Partition {
			t.Errorf("%s = %q/%s, botocore says %q/%s", r.Name, r.Description, r.Partition, w.Description, w.Partition)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("botocore knows region %s, nimbus does not", name)
		}
	}
}
