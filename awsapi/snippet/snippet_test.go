package snippet

import (
	"bytes"
	"encoding/json"
	"flag"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/internal/needtool"
)

func loadService(t testing.TB, name string) *model.Service {
	t.Helper()
	svc, err := model.Load(name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	return svc
}

// needPython skips the test when python3 with botocore (and awscli when cli is set) is missing.
func needPython(t *testing.T, cli bool) {
	t.Helper()
	mods := "import botocore"
	if cli {
		mods += ", awscli"
	}
	if err := exec.Command("python3", "-c", mods).Run(); err != nil {
		needtool.Missing(t, "python3 with botocore/awscli is needed to check against them (pip install botocore awscli): %v", err)
	}
}

func python(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("python3", args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestXformNameMatchesBotocore spells every operation and input member name of a few big
// services (and those botocore spells by hand) and compares with botocore's xform_name.
func TestXformNameMatchesBotocore(t *testing.T) {
	needPython(t, false)
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, s := range []string{"ec2", "s3", "iam", "rds", "sagemaker", "storagegateway", "dynamodb",
		"socialmessaging", "glue", "codedeploy", "mgn", "elasticache", "cognito-identity", "lambda", "mturk", "logs"} {
		svc := loadService(t, s)
		for _, op := range svc.OperationNames() {
			add(op)
			if sh, err := svc.InputShape(op); err == nil {
				for m := range sh.Members {
					add(m)
				}
			}
		}
	}
	for _, n := range []string{"ListObjectsV2", "DescribeDBInstances", "GetOTelEnrichment", "ListWebACLs",
		"ExecutePartiQLStatement", "CreateCachediSCSIVolume", "already-dashed", "snake_case", "S3Key", "Ec2TagSet"} {
		add(n)
	}
	const script = `
import sys
from botocore import xform_name
for n in sys.stdin.read().split("\n"):
    print(xform_name(n, "-") + "\t" + xform_name(n, "_"))
`
	out := strings.Split(strings.TrimSuffix(string(python(t, []byte(strings.Join(names, "\n")), "-c", script)), "\n"), "\n")
	if len(out) != len(names) {
		t.Fatalf("botocore spelled %d names, want %d", len(out), len(names))
	}
	bad := 0
	for i, n := range names {
		want := strings.Split(out[i], "\t")
		dash, under := XformName(n, "-"), XformName(n, "_")
		if dash != want[0] || under != want[1] {
			bad++
			if bad <= 20 {
				t.Errorf("XformName(%q) = %q, %q; botocore says %q, %q", n, dash, under, want[0], want[1])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d names spelled differently from botocore", bad, len(names))
	}
	t.Logf("%d names checked", len(names))
}

// TestRenamesMatchAWSCLI keeps the option-rename table equal to the installed awscli's.
func TestRenamesMatchAWSCLI(t *testing.T) {
	needPython(t, true)
	out := python(t, nil, "-c", `import json; from awscli.customizations.argrename import ARGUMENT_RENAMES as R; print(json.dumps(R))`)
	var want map[string]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if cliRenames()[k] != v {
			t.Errorf("awscli renames %s to %q, the table says %q", k, v, cliRenames()[k])
		}
	}
	for k := range cliRenames() {
		if _, ok := want[k]; !ok {
			t.Errorf("the table renames %s; awscli no longer does", k)
		}
	}
}

// TestNoParamFileMatchesAWSCLI keeps the table of options exempt from file/URL loading equal to
// the installed awscli's.
func TestNoParamFileMatchesAWSCLI(t *testing.T) {
	needPython(t, true)
	out := python(t, nil, "-c", `import json, awscli.argprocess; from awscli.paramfile import PARAMFILE_DISABLED as D; print(json.dumps(sorted(D)))`)
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for _, k := range want {
		if !cliNoParamFile()[k] {
			t.Errorf("awscli takes %s verbatim; the table does not say so", k)
		}
	}
	if len(cliNoParamFile()) != len(want) {
		t.Errorf("the table has %d entries, awscli %d", len(cliNoParamFile()), len(want))
	}
}

func pagingOption(opt string) bool {
	return opt == "max-items" || opt == "page-size" || opt == "starting-token"
}

var allCLI = flag.Bool("all-cli", false, "compare the options of every AWS CLI command (about 15 s), not a sample")

// TestOptionsMatchAWSCLI builds the installed AWS CLI's argument tables and checks that every
// option AWSCLI would write for a member exists there with that member behind it.
func TestOptionsMatchAWSCLI(t *testing.T) {
	needPython(t, true)
	services := []string{"ec2", "s3api", "rds", "iam", "dynamodb", "sqs", "sns", "lambda", "logs", "ecs",
		"cloudformation", "glue", "emr", "cloudsearch", "datapipeline", "route53", "deploy", "configservice",
		"swf", "cloudsearchdomain", "iotwireless", "schemas", "kinesis", "ssm", "storagegateway", "ses",
		"bedrock-runtime"}
	if *allCLI {
		idx, err := model.Index()
		if err != nil {
			t.Fatal(err)
		}
		services = services[:0]
		for _, s := range idx {
			services = append(services, CLIService(s.Name))
		}
	}
	var tables map[string]struct {
		Operation string
		Members   map[string][]string
	}
	if err := json.Unmarshal(python(t, nil, append([]string{"testdata/argtab.py"}, services...)...), &tables); err != nil {
		t.Fatal(err)
	}
	botocoreName := map[string]string{}
	for k, v := range cliServiceNames() {
		botocoreName[v] = k
	}
	bad, checked := 0, 0
	report := func(format string, args ...any) {
		bad++
		if bad <= 30 {
			t.Errorf(format, args...)
		}
	}
	models := map[string]*model.Service{}
	for _, key := range slices.Sorted(maps.Keys(tables)) {
		cliSvc, cliOp, _ := strings.Cut(key, " ")
		entry := tables[key]
		name := cliSvc
		if n, ok := botocoreName[cliSvc]; ok {
			name = n
		}
		svc := models[name]
		if svc == nil {
			var err error
			if svc, err = model.Load(name); err != nil {
				continue // a command of a service the embedded data lacks
			}
			models[name] = svc
		}
		in, err := svc.InputShape(entry.Operation)
		if err != nil {
			continue
		}
		for member, ref := range in.Members {
			have := entry.Members[member]
			if sh := svc.Shape(ref.Shape); sh != nil && sh.Type == "boolean" {
				for _, neg := range []bool{false, true} {
					if opt, ok := cliOption(cliSvc, cliOp, member, neg); ok {
						checked++
						want := opt + "=" + map[bool]string{false: "true", true: "false"}[neg]
						if !slices.Contains(have, want) {
							report("aws %s %s: %s would be --%s (%v), the CLI has %v", cliSvc, cliOp, member, opt, !neg, have)
						}
					}
				}
				continue
			}
			if opt, ok := cliOption(cliSvc, cliOp, member, false); ok {
				checked++
				if pagingOption(opt) {
					if _, paginated := svc.Paginator(entry.Operation); paginated {
						continue // the CLI's own paging option until --no-paginate, which AWSCLI adds
					}
				}
				if !slices.Contains(have, opt) {
					report("aws %s %s: %s would be --%s, the CLI has %v", cliSvc, cliOp, member, opt, have)
				}
			}
		}
	}
	// Every operation of the services looked at has a command, unless the table says otherwise.
	commands := map[string]bool{}
	for key, entry := range tables {
		cliSvc, _, _ := strings.Cut(key, " ")
		commands[cliSvc+" "+entry.Operation] = true
	}
	for name, svc := range models {
		for _, op := range svc.OperationNames() {
			has := commands[CLIService(name)+" "+op]
			if has != HasCLICommand(name, op) {
				report("%s %s: the CLI has a command: %v; HasCLICommand says %v", name, op, has, HasCLICommand(name, op))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d options differ from the AWS CLI's", bad, checked)
	}
	t.Logf("%d options of %d commands checked", checked, len(services))
}
