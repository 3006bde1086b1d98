package resource_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

func TestECRRepositoryImages(t *testing.T) {
	f := newLiveFlow(t)
	repo := f.name("nimbus/app")
	arn := f.env.Seed("ecr", "CreateRepository", map[string]any{"repositoryName": repo,
		"imageScanningConfiguration": map[string]any{"scanOnPush": true}})["repository"].(map[string]any)["repositoryArn"].(string)
	manifest := `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",` +
		`"config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,` +
		`"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}`
	image := f.env.Seed("ecr", "PutImage", map[string]any{"repositoryName": repo, "imageManifest": manifest,
		"imageTag": "v1"})["image"].(map[string]any)
	digest := image["imageId"].(map[string]any)["imageDigest"].(string)

	repos := f.def("ecr", "ecr")
	row := f.find(repos, nil, repo)
	f.wantCells(repos, row, map[string]string{"NAME": repo, "SCAN ON PUSH": "yes", "TAG MUTABILITY": "MUTABLE"})
	if uri := f.cells(repos, row)["URI"].Text; !strings.HasSuffix(uri, "/"+repo) {
		t.Errorf("URI %q", uri)
	}
	if got := repos.ARNOf(row.Item); got != arn {
		t.Errorf("ARN %q, want %s", got, arn)
	}
	if got := f.describe(repos, row)["repositoryName"]; got != repo {
		t.Errorf("describe gave %v", got)
	}

	images, in := f.child(repos, row, "images")
	if in["repositoryName"] != repo {
		t.Errorf("images input %v", in)
	}
	irow := f.find(images, in, digest)
	f.wantCells(images, irow, map[string]string{"TAGS": "v1", "DIGEST": digest})
	if c := f.cells(images, irow)["SIZE"]; c.Sort <= 0 {
		t.Errorf("SIZE %+v", c)
	}
	if got := images.DisplayName(irow.Item); got != "v1" {
		t.Errorf("image name %q, want its tags", got)
	}
	if got := f.describe(images, irow)["imageDigest"]; got != digest {
		t.Errorf("describe gave %v", got)
	}

	f.run(images, "scan", nil, irow)
	f.waitAfter(images, "scan", irow)
	f.waitRef(images, "ImageScanComplete", irow)

	// A second image; delete takes both selected rows in one BatchDeleteImage ({each:}).
	manifest2 := strings.Replace(manifest, "b5b2b2", "c6c3c3", 1)
	digest2 := f.env.Seed("ecr", "PutImage", map[string]any{"repositoryName": repo, "imageManifest": manifest2,
		"imageTag": "v2"})["image"].(map[string]any)["imageId"].(map[string]any)["imageDigest"].(string)
	irow2 := f.find(images, in, digest2)
	f.wantConfirm(images, "delete", resource.ConfirmTyped)
	a := f.action(images, "delete")
	ins, err := a.Inputs(images, []resource.Row{irow, irow2})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := []any{map[string]any{"imageDigest": digest}, map[string]any{"imageDigest": digest2}}
	if len(ins) != 1 || !reflect.DeepEqual(ins[0]["imageIds"], wantIDs) {
		t.Errorf("delete inputs %v, want one call with imageIds %v", ins, wantIDs)
	}
	out := f.run(images, "delete", nil, irow, irow2)
	if got, _ := out[0]["imageIds"].([]any); len(got) != 2 {
		t.Errorf("BatchDeleteImage deleted %v, failures %v", out[0]["imageIds"], out[0]["failures"])
	}
	if ids := f.ids(images, in); len(ids) != 0 {
		t.Errorf("images left after delete: %v", ids)
	}
	f.wantConfirm(repos, "delete", resource.ConfirmTyped)
	f.run(repos, "delete", nil, row)
	if ids := f.ids(repos, nil); slices.Contains(ids, repo) {
		t.Errorf("repository still listed after delete")
	}
}
