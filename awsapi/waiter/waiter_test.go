package waiter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/smithy-go"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

const fast = time.Millisecond

func TestInstanceRunningReportsEveryAttempt(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	caller := answers("DescribeInstances", instances("pending", "pending"), instances("running", "pending"), instances("running", "running"))
	var rec recorder
	res, err := Run(context.Background(), caller, w, map[string]any{"InstanceIds": []any{"i-0", "i-1"}},
		Options{Name: "InstanceRunning", Delay: fast, OnAttempt: rec.on})
	if err != nil {
		t.Fatal(err)
	}
	if res.Attempts != 3 || caller.calls() != 3 {
		t.Fatalf("%d attempts, %d calls; want 3 (pathAll needs every instance running)", res.Attempts, caller.calls())
	}
	atts := rec.all()
	if len(atts) != 3 {
		t.Fatalf("%d attempts reported, want 3", len(atts))
	}
	for i, a := range atts {
		if a.N != i+1 || a.Max != 40 {
			t.Errorf("attempt %d reported as %d of %d, want of 40 (botocore's maxAttempts)", i+1, a.N, a.Max)
		}
		if i > 0 && a.Elapsed < atts[i-1].Elapsed {
			t.Errorf("elapsed goes back: %v then %v", atts[i-1].Elapsed, a.Elapsed)
		}
	}
	if !reflect.DeepEqual(atts[0].Observed, []any{"pending", "pending"}) || atts[0].Matched != nil || atts[0].State != "" {
		t.Errorf("first attempt observed %v matched %v state %q", atts[0].Observed, atts[0].Matched, atts[0].State)
	}
	if atts[0].NextPoll.IsZero() || !atts[2].NextPoll.IsZero() {
		t.Errorf("NextPoll: first %v, last %v; want set, then zero", atts[0].NextPoll, atts[2].NextPoll)
	}
	last := atts[2]
	if last.State != StateSuccess || last.Matched == nil || last.Matched.Matcher != "pathAll" || last.Matched.Expected != "running" {
		t.Errorf("last attempt %+v, want the pathAll running success acceptor", last)
	}
	if res.Last.N != 3 || res.Output == nil {
		t.Errorf("result %+v", res)
	}
}

func TestInstanceRunningFailureAcceptor(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	caller := answers("DescribeInstances", instances("pending"), instances("terminated"))
	_, err := Run(context.Background(), caller, w, nil, Options{Name: "InstanceRunning", Delay: fast})
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindFailure || werr.Attempts != 2 {
		t.Fatalf("got %v, want a failure after 2 attempts", err)
	}
	want := "waiter InstanceRunning failed: matched failure acceptor pathAny Reservations[].Instances[].State.Name == terminated"
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("message %q\nwant it to start with %q", err, want)
	}
	if werr.Last.State != StateFailure || werr.Last.Matched.Expected != "terminated" {
		t.Errorf("last attempt %+v", werr.Last)
	}
}

func TestInstanceRunningRetriesOnNotFound(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	caller := answers("DescribeInstances", apiErr(400, "InvalidInstanceID.NotFound"), instances("running"))
	var rec recorder
	if _, err := Run(context.Background(), caller, w, nil, Options{Delay: fast, OnAttempt: rec.on}); err != nil {
		t.Fatal(err)
	}
	first := rec.all()[0]
	if first.State != StateRetry || first.Observed != "InvalidInstanceID.NotFound" || first.Err == nil {
		t.Fatalf("first attempt %+v, want the error acceptor's retry with the code observed", first)
	}
}

func TestInstanceStopped(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceStopped")
	ok := answers("DescribeInstances", instances("stopping"), instances("stopped", "stopped"))
	if res, err := Run(context.Background(), ok, w, nil, Options{Delay: fast}); err != nil || res.Attempts != 2 {
		t.Fatalf("got %+v, %v", res, err)
	}
	// pathAny: one instance going back to pending fails the wait.
	bad := answers("DescribeInstances", instances("stopped", "pending"))
	_, err := Run(context.Background(), bad, w, nil, Options{Name: "InstanceStopped", Delay: fast})
	if err == nil || !strings.Contains(err.Error(), "matched failure acceptor pathAny Reservations[].Instances[].State.Name == pending") {
		t.Fatalf("got %v", err)
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	caller := answers("DescribeInstances", instances("pending"))
	var rec recorder
	_, err := Run(context.Background(), caller, w, nil, Options{Name: "InstanceRunning", Delay: fast, MaxAttempts: 3, OnAttempt: rec.on})
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindMaxAttempts {
		t.Fatalf("got %v", err)
	}
	if caller.calls() != 3 || len(rec.all()) != 3 || rec.all()[2].Max != 3 {
		t.Fatalf("%d calls, %d reports", caller.calls(), len(rec.all()))
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "waiter InstanceRunning gave up after 3 attempts (") || !strings.Contains(msg, "last state: pending") {
		t.Fatalf("message %q", msg)
	}
}

func TestEmptyListMatchesNoPathAll(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	caller := answers("DescribeInstances", doc(map[string]any{"Reservations": []any{}}))
	_, err := Run(context.Background(), caller, w, nil, Options{Delay: fast, MaxAttempts: 2})
	if err == nil || !strings.Contains(err.Error(), "last state: []") {
		t.Fatalf("got %v; an empty list must not satisfy pathAll", err)
	}
}

func TestTableExists(t *testing.T) {
	w := botocoreWaiter(t, "dynamodb", "TableExists")
	caller := answers("DescribeTable", apiErr(400, "ResourceNotFoundException"), table("CREATING"), table("ACTIVE"))
	var rec recorder
	res, err := Run(context.Background(), caller, w, map[string]any{"TableName": "t"}, Options{Delay: fast, OnAttempt: rec.on})
	if err != nil {
		t.Fatal(err)
	}
	var observed []any
	var states []string
	for _, a := range rec.all() {
		observed = append(observed, a.Observed)
		states = append(states, a.State)
	}
	if !reflect.DeepEqual(observed, []any{"ResourceNotFoundException", "CREATING", "ACTIVE"}) {
		t.Errorf("observed %v", observed)
	}
	if !reflect.DeepEqual(states, []string{"retry", "", "success"}) {
		t.Errorf("states %v", states)
	}
	if res.Attempts != 3 || res.Last.Max != 25 {
		t.Errorf("result %+v", res)
	}
}

func TestUnexpectedErrorStops(t *testing.T) {
	w := botocoreWaiter(t, "dynamodb", "TableExists")
	caller := answers("DescribeTable", table("CREATING"), apiErr(400, "AccessDeniedException"))
	_, err := Run(context.Background(), caller, w, nil, Options{Name: "TableExists", Delay: fast})
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindUnexpectedError || werr.Attempts != 2 {
		t.Fatalf("got %v", err)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "AccessDeniedException" {
		t.Fatalf("the service error is not reachable through %v", err)
	}
	if !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Fatalf("message %q does not name the error", err)
	}
}

func TestTableNotExists(t *testing.T) {
	w := botocoreWaiter(t, "dynamodb", "TableNotExists")
	caller := answers("DescribeTable", table("DELETING"), apiErr(400, "ResourceNotFoundException"))
	res, err := Run(context.Background(), caller, w, nil, Options{Delay: fast})
	if err != nil || res.Attempts != 2 || res.Output != nil {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestStatusMatchers(t *testing.T) {
	exists := botocoreWaiter(t, "s3", "BucketExists")
	for _, c := range []struct {
		name     string
		replies  []reply
		attempts int
	}{
		{"404 then 200", []reply{apiErr(404, "NotFound"), doc(map[string]any{})}, 2},
		{"403 counts as existing", []reply{apiErr(403, "Forbidden")}, 1},
		{"301 counts as existing", []reply{apiErr(301, "PermanentRedirect")}, 1},
		{"status from ResponseMetadata", []reply{doc(map[string]any{"ResponseMetadata": map[string]any{"HTTPStatusCode": int64(200)}})}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			var rec recorder
			res, err := Run(context.Background(), answers("HeadBucket", c.replies...), exists, nil, Options{Delay: fast, OnAttempt: rec.on})
			if err != nil || res.Attempts != c.attempts {
				t.Fatalf("got %+v, %v", res, err)
			}
			if got := rec.all()[0].Observed; got == nil {
				t.Errorf("no status observed")
			}
		})
	}

	// A status that no acceptor lists stops the wait, as in botocore.
	_, err := Run(context.Background(), answers("HeadBucket", apiErr(500, "InternalError")), exists, nil, Options{Delay: fast})
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindUnexpectedError {
		t.Fatalf("got %v", err)
	}

	notExists := botocoreWaiter(t, "s3", "ObjectNotExists")
	res, err := Run(context.Background(), answers("HeadObject", doc(map[string]any{}), apiErr(404, "NotFound")), notExists, nil, Options{Delay: fast})
	if err != nil || res.Attempts != 2 || res.Last.Observed != 404 {
		t.Fatalf("ObjectNotExists: %+v, %v", res, err)
	}
}

func TestErrorExpectedBooleans(t *testing.T) {
	// lambda FunctionExists: `"expected": false` means "no error" is success.
	w := botocoreWaiter(t, "lambda", "FunctionExists")
	res, err := Run(context.Background(), answers("GetFunction", apiErr(404, "ResourceNotFoundException"), doc(map[string]any{"Configuration": map[string]any{}})), w, nil, Options{Delay: fast})
	if err != nil || res.Attempts != 2 || res.Last.Matched.Expected != false {
		t.Fatalf("got %+v, %v", res, err)
	}

	// `"expected": true` is any error with a code.
	anyError := &model.Waiter{Operation: "Op", Delay: 1, MaxAttempts: 3, Acceptors: []model.Acceptor{
		{Matcher: "error", Expected: true, State: StateSuccess},
	}}
	res, err = Run(context.Background(), answers("Op", doc(map[string]any{}), apiErr(409, "Conflict")), anyError, nil, Options{Delay: fast})
	if err != nil || res.Attempts != 2 {
		t.Fatalf("expected true: %+v, %v", res, err)
	}
	// An error without a code (a network failure) is not a service error.
	_, err = Run(context.Background(), answers("Op", reply{err: errors.New("connection reset")}), anyError, nil, Options{Delay: fast})
	if err == nil {
		t.Fatal("a codeless error matched `expected: true`")
	}
}

func TestExpectedValuesComparedLikeBotocore(t *testing.T) {
	count := func(expected any) *model.Waiter {
		return &model.Waiter{Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{
			{Matcher: "path", Argument: "Count", Expected: expected, State: StateSuccess},
		}}
	}
	for _, c := range []struct {
		name     string
		observed any
		expected any
		match    bool
	}{
		{"int64 vs float64", int64(3), 3.0, true},
		{"json.Number vs float64", json.Number("3"), 3.0, true},
		{"float64 vs json.Number", 3.0, json.Number("3"), true},
		{"int vs int", 3, 3, true},
		{"different numbers", int64(4), 3.0, false},
		{"string vs number", "3", 3.0, false},
		{"bool vs number", true, 1.0, false},
		{"bool vs bool", true, true, true},
		{"string vs string", "ACTIVE", "ACTIVE", true},
		{"case matters", "active", "ACTIVE", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Run(context.Background(), answers("Op", doc(map[string]any{"Count": c.observed})), count(c.expected), nil, Options{Delay: fast})
			if (err == nil) != c.match {
				t.Fatalf("match=%v, want %v (%v)", err == nil, c.match, err)
			}
		})
	}
}

func TestExpressionsWithComparisons(t *testing.T) {
	// ec2 InstanceExists: path `length(Reservations[]) > \`0\`` expected true.
	w := botocoreWaiter(t, "ec2", "InstanceExists")
	caller := answers("DescribeInstances", apiErr(400, "InvalidInstanceID.NotFound"), doc(map[string]any{"Reservations": []any{}}), instances("pending"))
	res, err := Run(context.Background(), caller, w, nil, Options{Delay: fast})
	if err != nil || res.Attempts != 3 || res.Last.Observed != true {
		t.Fatalf("got %+v, %v", res, err)
	}
	// Comparisons inside expressions see int64 and json.Number as numbers.
	minSize := &model.Waiter{Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{
		{Matcher: "path", Argument: "length(Instances) >= MinSize", Expected: true, State: StateSuccess},
	}}
	for _, n := range []any{int64(2), json.Number("2"), int32(2), 2.0} {
		out := map[string]any{"Instances": []any{"a", "b"}, "MinSize": n}
		if _, err := Run(context.Background(), answers("Op", doc(out)), minSize, nil, Options{Delay: fast}); err != nil {
			t.Errorf("MinSize as %T: %v", n, err)
		}
	}
}

// The tests below that measure time run in a synctest bubble: its clock moves only when every
// goroutine of the test waits, so the times are exact whatever the machine's load.

func TestDefinitionDelayIsFixed(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning") // delay 15
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var next time.Duration
		_, err := Run(ctx, answers("DescribeInstances", instances("pending")), w, nil, Options{OnAttempt: func(a Attempt) {
			next = time.Until(a.NextPoll)
			cancel()
		}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
		if next != 15*time.Second {
			t.Fatalf("next poll in %v, want the definition's 15 s", next)
		}

		// An overridden delay spaces every attempt by the same amount (no backoff, no jitter).
		var rec recorder
		_, _ = Run(context.Background(), answers("DescribeInstances", instances("pending")), w, nil, Options{Delay: 20 * time.Millisecond, MaxAttempts: 4, OnAttempt: rec.on})
		atts := rec.all()
		if len(atts) != 4 {
			t.Fatalf("%d attempts, want 4", len(atts))
		}
		for i := 1; i < len(atts); i++ {
			if gap := atts[i].Elapsed - atts[i-1].Elapsed; gap != 20*time.Millisecond {
				t.Errorf("gap %d: %v, want 20ms", i, gap)
			}
		}
	})
}

func TestTimeout(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) { testTimeout(t, w) })
}

func testTimeout(t *testing.T, w *model.Waiter) {
	var rec recorder
	start := time.Now()
	_, err := Run(context.Background(), answers("DescribeInstances", instances("pending")), w, nil,
		Options{Name: "InstanceRunning", Delay: 20 * time.Millisecond, Timeout: 50 * time.Millisecond, OnAttempt: rec.on})
	took := time.Since(start)
	var werr *Error
	if !errors.As(err, &werr) || werr.Kind != KindTimeout {
		t.Fatalf("got %v", err)
	}
	if took != 40*time.Millisecond {
		t.Fatalf("a 50ms timeout with a 20ms delay took %v, want the 40ms to the third attempt", took)
	}
	atts := rec.all()
	if len(atts) != 3 || atts[0].Max != 3 {
		t.Fatalf("%d attempts, first reported of %d; want the 3 that fit in 50ms", len(atts), atts[0].Max)
	}
	if last := atts[len(atts)-1]; !last.NextPoll.IsZero() {
		t.Errorf("the last attempt announces a poll at %v, after the deadline", last.NextPoll)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "waiter InstanceRunning timed out after") || !strings.Contains(msg, "last state: pending") {
		t.Fatalf("message %q", msg)
	}
}

// blocking is a service that never answers.
type blocking struct{}

func (blocking) Call(ctx context.Context, _ string, _ map[string]any) (map[string]any, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestTimeoutDuringRequest(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		_, err := Run(context.Background(), blocking{}, w, nil, Options{Timeout: 20 * time.Millisecond})
		var werr *Error
		if !errors.As(err, &werr) || werr.Kind != KindTimeout || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("got %v", err)
		}
		if d := time.Since(start); d != 20*time.Millisecond {
			t.Fatalf("took %v, want the 20ms timeout", d)
		}
	})
}

func TestCancelWhileSleeping(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		var cancelledAt time.Time
		_, err := Run(ctx, answers("DescribeInstances", instances("pending")), w, nil, Options{OnAttempt: func(Attempt) {
			time.AfterFunc(5*time.Millisecond, func() { cancelledAt = time.Now(); cancel() })
		}})
		returned := time.Now()
		var werr *Error
		if !errors.As(err, &werr) || werr.Kind != KindCanceled || !errors.Is(err, context.Canceled) || werr.Attempts != 1 {
			t.Fatalf("got %v", err)
		}
		if cancelledAt.IsZero() || !returned.Equal(cancelledAt) {
			t.Fatalf("returned %v after cancel, during a 15s sleep", returned.Sub(cancelledAt))
		}
	})
}

func TestCancelDuringRequest(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(5*time.Millisecond, cancel)
		start := time.Now()
		_, err := Run(ctx, blocking{}, w, nil, Options{})
		if !errors.Is(err, context.Canceled) || time.Since(start) != 5*time.Millisecond {
			t.Fatalf("got %v after %v", err, time.Since(start))
		}
	})
}

func TestConfigurationErrors(t *testing.T) {
	for name, w := range map[string]*model.Waiter{
		"no definition":   nil,
		"no acceptors":    {Operation: "Op", Delay: 1, MaxAttempts: 1},
		"unknown matcher": {Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{{Matcher: "regex", State: "success"}}},
		"unknown state":   {Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{{Matcher: "status", Expected: 200.0, State: "done"}}},
		"bad path":        {Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{{Matcher: "path", Argument: "a[[", State: "success"}}},
		"no attempts":     {Operation: "Op", Delay: 1, Acceptors: []model.Acceptor{{Matcher: "status", Expected: 200.0, State: "success"}}},
	} {
		t.Run(name, func(t *testing.T) {
			caller := answers("Op", doc(map[string]any{}))
			_, err := Run(context.Background(), caller, w, nil, Options{})
			var werr *Error
			if !errors.As(err, &werr) || werr.Kind != KindConfig || caller.calls() != 0 {
				t.Fatalf("got %v after %d calls", err, caller.calls())
			}
		})
	}
}

func TestStartStreamsAttempts(t *testing.T) {
	w := botocoreWaiter(t, "dynamodb", "TableExists")
	watch := Start(context.Background(), answers("DescribeTable", table("CREATING"), table("CREATING"), table("ACTIVE")), w, nil, Options{Delay: fast})
	var ns []int
	for a := range watch.Attempts {
		ns = append(ns, a.N)
	}
	res, err := watch.Wait()
	if err != nil || !reflect.DeepEqual(ns, []int{1, 2, 3}) || res.Attempts != 3 {
		t.Fatalf("attempts %v, result %+v, %v", ns, res, err)
	}
	select {
	case <-watch.Done():
	default:
		t.Fatal("Done not closed after Wait")
	}
}

func TestStartCancelWithoutReader(t *testing.T) {
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		watch := Start(ctx, answers("DescribeInstances", instances("pending")), w, nil, Options{Delay: fast})
		synctest.Wait() // the run blocks on an unread attempt
		cancel()
		select {
		case <-watch.Done():
		case <-time.After(time.Second):
			t.Fatal("a cancelled watch with nobody reading did not end")
		}
		if _, err := watch.Wait(); !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	})
}

// slow answers after a pause, like a real service.
type slow struct {
	pause time.Duration
	reply reply
}

func (s slow) Call(ctx context.Context, _ string, _ map[string]any) (map[string]any, error) {
	select {
	case <-time.After(s.pause):
		return s.reply.out, s.reply.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestTimeoutDoesNotSleepPastTheDeadline(t *testing.T) {
	// Attempt 2 ends at 190ms; its next poll (340ms) would come after the 300ms deadline, so
	// the waiter stops there instead of sleeping until the deadline for nothing.
	w := botocoreWaiter(t, "ec2", "InstanceRunning")
	synctest.Test(t, func(t *testing.T) {
		var rec recorder
		_, err := Run(context.Background(), slow{20 * time.Millisecond, instances("pending")}, w, nil,
			Options{Delay: 150 * time.Millisecond, Timeout: 300 * time.Millisecond, OnAttempt: rec.on})
		var werr *Error
		if !errors.As(err, &werr) || werr.Kind != KindTimeout {
			t.Fatalf("got %v", err)
		}
		atts := rec.all()
		if len(atts) != 2 || !atts[1].NextPoll.IsZero() || werr.Elapsed != 190*time.Millisecond {
			t.Fatalf("%d attempts, last NextPoll %v, ended after %v; want 2, none, 190ms", len(atts), atts[len(atts)-1].NextPoll, werr.Elapsed)
		}
	})
}

func TestAttemptLines(t *testing.T) {
	w := botocoreWaiter(t, "dynamodb", "TableExists")
	caller := answers("DescribeTable", apiErr(400, "ResourceNotFoundException"), table("CREATING\x1b[2J"), apiErr(403, "AccessDenied"))
	var lines []string
	_, err := Run(context.Background(), caller, w, nil, Options{Delay: fast, OnAttempt: func(a Attempt) { lines = append(lines, a.String()) }})
	if err == nil {
		t.Fatal("AccessDenied must end the wait")
	}
	want := []string{
		"attempt 1/25 (", "): retry, matched error == ResourceNotFoundException; next poll at ",
		"attempt 2/25 (", `): no acceptor matched; observed CREATING\x1b[2J; next poll at `,
		"attempt 3/25 (", "): no acceptor matched; error AccessDenied (HTTP 403)",
	}
	if len(lines) != 3 {
		t.Fatalf("lines %q", lines)
	}
	for i, line := range lines {
		if !strings.HasPrefix(line, want[2*i]) || !strings.Contains(line, want[2*i+1]) {
			t.Errorf("line %d %q\nwant %q…%q", i+1, line, want[2*i], want[2*i+1])
		}
		if strings.ContainsRune(line, '\x1b') {
			t.Errorf("line %d lets an escape through: %q", i+1, line)
		}
	}
	if strings.HasSuffix(lines[2], "next poll at") {
		t.Errorf("the last attempt announces a poll: %q", lines[2])
	}
}

func TestLongObservedValueIsCut(t *testing.T) {
	var states []any
	for i := range 500 {
		states = append(states, fmt.Sprintf("state-%03d", i))
	}
	w := &model.Waiter{Operation: "Op", Delay: 1, MaxAttempts: 1, Acceptors: []model.Acceptor{
		{Matcher: "pathAll", Argument: "States", Expected: "ok", State: StateSuccess},
	}}
	_, err := Run(context.Background(), answers("Op", doc(map[string]any{"States": states})), w, nil, Options{})
	if err == nil || len(err.Error()) > 400 || !strings.Contains(err.Error(), "state-000, state-001") {
		t.Fatalf("message of %d bytes: %v", len(err.Error()), err)
	}
}
