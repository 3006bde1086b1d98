package sessionmgr

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

// runGuard runs a stack holding only the guard for a call named (serviceID, operation) and reports
// whether the call got past it.
func runGuard(t *testing.T, serviceID, operation string) error {
	t.Helper()
	return runGuardWith(t, serviceID, operation, nil)
}

// runGuardWith is runGuard for a call with a typed input, as the SDK clients pass it.
func runGuardWith(t *testing.T, serviceID, operation string, params any) error {
	t.Helper()
	stack := middleware.NewStack("test", func() any { return nil })
	if err := addReadOnlyGuard(stack); err != nil {
		t.Fatal(err)
	}
	ctx := awsmiddleware.SetServiceID(context.Background(), serviceID)
	ctx = awsmiddleware.SetOperationName(ctx, operation)
	handler := middleware.DecorateHandler(middleware.HandlerFunc(func(context.Context, any) (any, middleware.Metadata, error) {
		return nil, middleware.Metadata{}, nil
	}), stack)
	_, _, err := handler.Handle(ctx, params)
	return err
}

func TestReadOnlyGuardDecisions(t *testing.T) {
	cases := []struct {
		serviceID, operation string
		refused              bool
	}{
		{"S3", "ListObjectsV2", false},
		{"S3", "DeleteObject", true},
		{"STS", "AssumeRole", false},
		{"SSO OIDC", "CreateToken", false},          // needs the sso-oidc name to match its exception
		{"CloudWatch Logs", "StartLiveTail", false}, // needs the logs name
		{"EC2", "StopInstances", true},
		{"SQS", "GetQueueUrl", false},
		{"", "ListBuckets", true},
		{"S3", "", true},
	}
	for _, tc := range cases {
		err := runGuard(t, tc.serviceID, tc.operation)
		if got := errors.Is(err, readonly.ErrRefused); got != tc.refused {
			t.Errorf("%q %q: refused = %v (%v), want %v", tc.serviceID, tc.operation, got, err, tc.refused)
		}
	}
}

// The guard passes the typed input to the check: GetClusterCredentials reads (and reveals a
// password) unless AutoCreate asks it to create the user.
func TestReadOnlyGuardSeesInput(t *testing.T) {
	type getClusterCredentialsInput struct {
		DbUser     *string
		AutoCreate *bool
	}
	yes := true
	if err := runGuardWith(t, "Redshift", "GetClusterCredentials", &getClusterCredentialsInput{}); err != nil {
		t.Errorf("GetClusterCredentials without AutoCreate refused: %v", err)
	}
	err := runGuardWith(t, "Redshift", "GetClusterCredentials", &getClusterCredentialsInput{AutoCreate: &yes})
	if !errors.Is(err, readonly.ErrRefused) {
		t.Errorf("GetClusterCredentials with AutoCreate: want a refusal, got %v", err)
	}
}

func TestReadOnlyStillAssumesRoles(t *testing.T) {
	moto := motoserver.StartShared(t)
	config := "[profile base]\naws_access_key_id = testing\naws_secret_access_key = testing\n" +
		"[profile reader]\nrole_arn = arn:aws:iam::123456789012:role/Reader\nsource_profile = base\n"
	m := newManager(t, config, "", nil, func(o *Options) {
		o.EndpointURL = moto.URL
		o.ReadOnly = true
	})
	id, err := m.Identity(context.Background(), "reader", "us-east-1")
	if err != nil {
		t.Fatalf("Identity in read-only mode: %v", err)
	}
	if !strings.Contains(id.ARN, "assumed-role/Reader") {
		t.Fatalf("ARN = %s", id.ARN)
	}
}

// botocoreServiceIDs asks the installed botocore for every service's id and name (Python reads the
// 400-odd models in a second or two; decoding them here under -race took 13 s).
const botocoreServiceIDs = `
import botocore, glob, gzip, json, os
data = os.path.join(os.path.dirname(botocore.__file__), "data")
for name in sorted(os.listdir(data)):
    models = sorted(glob.glob(os.path.join(data, name, "*", "service-2.json.gz")))
    if models:
        print(json.load(gzip.open(models[-1]))["metadata"].get("serviceId", "") + "\t" + name)
`

// TestServiceNamesMatchBotocore checks the service id table against the installed botocore.
func TestServiceNamesMatchBotocore(t *testing.T) {
	out, err := exec.Command("python3", "-c", botocoreServiceIDs).Output()
	if err != nil {
		needtool.Missing(t, "python3 with botocore is needed to compare service names: %v", err)
	}
	// A few ids name two services (Pinpoint SMS Voice): any of them will do.
	namesOf := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		id, name, _ := strings.Cut(line, "\t")
		if id != "" {
			namesOf[id] = append(namesOf[id], name)
		}
	}
	for id, names := range namesOf {
		if got := botocoreName(id); !slices.Contains(names, got) {
			t.Errorf("botocoreName(%q) = %q, botocore calls it %v", id, got, names)
		}
	}
	if len(namesOf) < 300 {
		t.Fatalf("checked only %d services", len(namesOf))
	}
}
