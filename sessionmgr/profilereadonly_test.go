package sessionmgr

import (
	"context"
	"errors"
	"path"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/advice"
	"github.com/nimbus-tui/nimbus/internal/motoserver"
)

const prodProfiles = `[profile dev]
aws_access_key_id = testing
aws_secret_access_key = testing
[profile prod-web]
aws_access_key_id = testing
aws_secret_access_key = testing
`

// prodReadOnly is nimbus's config making prod-* read-only.
func prodReadOnly(profile string) string {
	if ok, _ := path.Match("prod-*", profile); ok {
		return "prod-* in config.yaml"
	}
	return ""
}

// Nimbus's config makes prod-* read-only at the client layer, as --readonly does: after a switch
// from dev to prod-web a mutating call is refused before it is sent (moto sees no queue), reads
// still work, and the typed confirmation's AllowWrites lifts it on the clients already built.
func TestProfileReadOnlyRefusesMutationsAfterASwitch(t *testing.T) {
	moto := motoserver.StartShared(t)
	m := newManager(t, prodProfiles, "", nil, func(o *Options) {
		o.EndpointURL = moto.URL
		o.ProfileReadOnly = prodReadOnly
	})
	ctx := context.Background()
	client := func(profile string) *sqs.Client {
		cfg, err := m.Config(ctx, profile, "us-east-1")
		if err != nil {
			t.Fatal(err)
		}
		return sqs.NewFromConfig(cfg)
	}
	dev := client("dev")
	if _, err := dev.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("dev-queue")}); err != nil {
		t.Fatalf("dev is writable: %v", err)
	}
	prod := client("prod-web")
	_, err := prod.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("prod-queue")})
	var roErr *ReadOnlyError
	if !errors.Is(err, readonly.ErrRefused) || !errors.As(err, &roErr) || roErr.Profile != "prod-web" {
		t.Fatalf("CreateQueue in prod-web: want a read-only refusal naming the profile, got %v", err)
	}
	if got := Explain(err); !strings.Contains(got, "profile prod-web is read-only (prod-* in config.yaml)") || strings.Contains(got, "--readonly") {
		t.Errorf("the explanation should name the rule, not --readonly: %s", got)
	}
	// The generic engine goes through the same guard.
	svc, err := model.Default().Load("sqs")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := m.Config(ctx, "prod-web", "us-east-1")
	if _, err := invoke.New(cfg, svc, invoke.Options{EndpointURL: moto.URL}).Call(ctx, "CreateQueue",
		map[string]any{"QueueName": "engine-queue"}); !errors.Is(err, readonly.ErrRefused) {
		t.Fatalf("the engine's CreateQueue in prod-web: want a refusal, got %v", err)
	}
	list, err := prod.ListQueues(ctx, &sqs.ListQueuesInput{})
	if err != nil {
		t.Fatalf("reads work in a read-only profile: %v", err)
	}
	for _, u := range list.QueueUrls {
		if strings.Contains(u, "prod-queue") || strings.Contains(u, "engine-queue") {
			t.Fatalf("a refused call reached moto: %v", list.QueueUrls)
		}
	}
	if !m.ReadOnlyFor("prod-web") || m.ReadOnlyFor("dev") || m.ReadOnlyBy("prod-web") != "prod-* in config.yaml" {
		t.Fatalf("ReadOnlyFor: prod-web %v dev %v by %q", m.ReadOnlyFor("prod-web"), m.ReadOnlyFor("dev"), m.ReadOnlyBy("prod-web"))
	}

	if err := m.AllowWrites("prod-web"); err != nil {
		t.Fatal(err)
	}
	if _, err := prod.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("prod-queue")}); err != nil {
		t.Fatalf("after AllowWrites the same client may write: %v", err)
	}
	m.ForbidWrites("dev")
	_, err = dev.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("dev-queue-2")})
	if !errors.As(err, &roErr) || roErr.By != sessionReadOnly {
		t.Fatalf("ForbidWrites makes dev read-only for the session: %v", err)
	}
}

// --readonly holds for the whole run: AllowWrites cannot lift it, and its refusals keep saying
// to restart without it.
func TestReadOnlyFlagCannotBeLifted(t *testing.T) {
	m := newManager(t, prodProfiles, "", nil, func(o *Options) {
		o.ReadOnly = true
		o.ProfileReadOnly = prodReadOnly
	})
	if err := m.AllowWrites("prod-web"); !errors.Is(err, ErrReadOnlyFlag) {
		t.Fatalf("AllowWrites under --readonly: %v", err)
	}
	if !m.ReadOnlyFor("dev") || m.ReadOnlyBy("dev") != "--readonly" {
		t.Fatalf("dev under --readonly: %v %q", m.ReadOnlyFor("dev"), m.ReadOnlyBy("dev"))
	}
}

// Without --readonly, a refusal worded by a page's own check (which knows only that the session
// is read-only) is advised as the profile's, with :writable in the TUI and nothing on the
// command line, where there is no such step.
func TestManagerAdvisesRefusalsByTheProfile(t *testing.T) {
	m := newManager(t, prodProfiles, "", nil, func(o *Options) { o.ProfileReadOnly = prodReadOnly })
	refusal := readonly.CheckInput(true, "sqs", "CreateQueue", nil)
	a := m.Advise(refusal)
	if strings.Contains(a.What, "--readonly") || !strings.Contains(a.What, "read-only") {
		t.Fatalf("advice: %+v", a)
	}
	tui := a.Render(func(h advice.Hint) string {
		if h == advice.Writable {
			return ":writable"
		}
		return ""
	})
	if !strings.Contains(tui, "allow changes for this session (:writable)") {
		t.Fatalf("TUI: %s", tui)
	}
	if cli := a.Render(advice.CLI); strings.Contains(cli, "allow changes for this session") {
		t.Fatalf("the command line has no :writable: %s", cli)
	}
	flag := newManager(t, prodProfiles, "", nil, func(o *Options) { o.ReadOnly = true })
	if a := flag.Advise(refusal); !strings.Contains(a.Render(advice.CLI), "restart without --readonly") {
		t.Fatalf("under --readonly: %+v", a)
	}
}
