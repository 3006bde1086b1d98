package resource_test

import (
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
	f.wantCells(repos, row, map[string]string{"NAME": repo, "SCAN ON PUSH": "yes", "TAGS": "MUTABLE"})
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

	f.wantConfirm(images, "delete", resource.ConfirmTyped)
	f.run(images, "delete", nil, irow)
	if ids := f.ids(images, in); len(ids) != 0 {
		t.Errorf("images left after delete: %v", ids)
	}
	f.wantConfirm(repos, "delete", resource.ConfirmTyped)
	f.run(repos, "delete", nil, row)
	if ids := f.ids(repos, nil); slices.Contains(ids, repo) {
		t.Errorf("repository still listed after delete")
	}
}
