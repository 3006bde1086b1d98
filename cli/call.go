package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/agnivade/levenshtein"
	"github.com/jmespath-community/go-jmespath"

	"github.com/nimbus-tui/nimbus/awsapi/document"
	"github.com/nimbus-tui/nimbus/awsapi/invoke"
	"github.com/nimbus-tui/nimbus/awsapi/model"
	"github.com/nimbus-tui/nimbus/awsapi/paginate"
	"github.com/nimbus-tui/nimbus/awsapi/readonly"
	"github.com/nimbus-tui/nimbus/internal/format"
	"github.com/nimbus-tui/nimbus/internal/jmesquery"
	"github.com/nimbus-tui/nimbus/internal/textsafe"
	"github.com/nimbus-tui/nimbus/sessionmgr"
)

// CallOptions are the flags of `nimbus call` after SERVICE OPERATION and the input, with the
// AWS CLI's meanings.
type CallOptions struct {
	// Query is a JMESPath expression applied to the output before it is printed (--query).
	Query string
	// NoPaginate sends one request even when the operation has a paginator (--no-paginate).
	NoPaginate bool
	// PageSize is sent as the paginator's limit key on every request (--page-size).
	PageSize int
	// MaxItems stops after this many items of the first result key and prints a NextToken to
	// resume from (--max-items).
	MaxItems int
	// StartingToken resumes from a NextToken printed earlier (--starting-token).
	StartingToken string
	// Outfile receives a streaming output payload (S3 GetObject's Body), as the AWS CLI's
	// outfile argument; the rest of the output is printed. Without it the payload is printed in
	// base64, up to invoke.DefaultMaxBodyBytes.
	Outfile string
}

func (o CallOptions) paging() []string {
	var used []string
	if o.StartingToken != "" {
		used = append(used, "--starting-token")
	}
	if o.PageSize != 0 {
		used = append(used, "--page-size")
	}
	if o.MaxItems != 0 {
		used = append(used, "--max-items")
	}
	return used
}

// Call runs `nimbus call`: it calls op (API name or AWS CLI spelling) of inv's service with input
// and prints the output as `aws --output json` does. An operation with a paginator is paginated
// and its pages merged unless NoPaginate; a NextToken is printed when MaxItems stopped it early.
// An empty output prints nothing. Errors are one line on stderr, the service's as the AWS CLI
// prints them; the exit code is the AWS CLI v2's (see ExitCode): ExitUsage for what the command
// line got wrong (flags, an unknown operation, an input the model refuses, a bad starting token),
// ExitService for the service's errors, ExitConfig for the profile and ExitError for the rest.
func Call(ctx context.Context, inv *invoke.Invoker, op string, input map[string]any, opts CallOptions, stdout, stderr io.Writer) int {
	svc := inv.Service()
	name, ok := svc.OperationName(op)
	if !ok {
		fmt.Fprintf(stderr, "nimbus call: %s has no operation %s%s (list them with: nimbus operations %s)\n",
			svc.Name, textsafe.Clean(op), suggestOperation(svc, op), svc.Name)
		return ExitUsage
	}
	if out, in := inv.IsEventStream(name); out || in {
		return callStream(ctx, inv, name, input, opts, stdout, stderr)
	}
	var query jmespath.JMESPath
	if opts.Query != "" {
		q, err := jmesquery.Compile(opts.Query)
		if err != nil {
			fmt.Fprintf(stderr, "nimbus call: --query %s is not a JMESPath expression: %s\n",
				textsafe.Clean(opts.Query), textsafe.Clean(oneLine(err.Error())))
			return ExitUsage
		}
		query = q
	}
	def, paginated := svc.Paginator(name)
	if code, msg := checkPaging(svc, name, paginated, opts); msg != "" {
		fmt.Fprintf(stderr, "nimbus call: %s\n", msg)
		return code
	}

	var (
		out   map[string]any
		err   error
		first []string // the merged keys, which the AWS CLI prints first
	)
	order := document.NewOrder() // the server's member order of maps, which the AWS CLI keeps
	ctx = document.WithOrder(ctx, order)
	if opts.Outfile != "" {
		if member := streamingOutput(svc, name); member == "" {
			fmt.Fprintf(stderr, "nimbus call: %s %s has no streaming output to write to a file: drop --outfile\n", svc.Name, name)
			return ExitUsage
		}
		if paginated && !opts.NoPaginate && len(opts.paging()) > 0 {
			fmt.Fprintln(stderr, "nimbus call: --outfile cannot be used with pagination flags")
			return ExitUsage
		}
		out, err = download(ctx, inv, name, input, opts.Outfile)
	} else if paginated && !opts.NoPaginate {
		p := paginate.New(inv, name, def, input, paginate.Options{
			Limit: opts.MaxItems, PageSize: opts.PageSize, StartingToken: opts.StartingToken, Service: svc,
		})
		out, err = p.All(ctx)
		first = mergedKeys(def)
	} else {
		out, err = inv.Call(ctx, name, input)
	}
	// A pagination that failed part way prints what it got, then says so (see incomplete).
	var partial *paginate.PartialError
	if err != nil && (out == nil || !errors.As(err, &partial) || !partial.Partial()) {
		fmt.Fprintf(stderr, "nimbus call: %s\n", describeCallError(err))
		return callErrorCode(err)
	}

	var printed []byte
	if query != nil {
		view, doc := newSearchView(svc, out, outputShape(svc, name), first, order)
		view.learnQuery(opts.Query)
		if q, err := jmesquery.Compile(opts.Query, view.functions()...); err == nil {
			query = q // keys(), values() and to_string() in the AWS CLI's order
		}
		found, err := query.Search(doc)
		if err != nil {
			fmt.Fprintf(stderr, "nimbus call: --query %s: %s\n", textsafe.Clean(opts.Query), textsafe.Clean(oneLine(err.Error())))
			return ExitUsage
		}
		if m, ok := found.(map[string]any); !ok || len(m) > 0 {
			printed = view.print(found)
		}
	} else if len(out) > 0 { // like the AWS CLI, print nothing for an empty response
		w := jsonWriter{svc: svc, order: order}
		w.document(out, outputShape(svc, name), first)
		printed = w.buf.Bytes()
	}
	if _, err := stdout.Write(printed); err != nil {
		fmt.Fprintf(stderr, "nimbus call: writing the output: %v\n", err)
		return ExitError
	}
	if partial != nil {
		fmt.Fprintf(stderr, "nimbus call: %s\n", describeCallError(err))
		fmt.Fprintf(stderr, "nimbus call: %s\n", incomplete(partial, def))
		return callErrorCode(err)
	}
	return ExitOK
}

// incomplete says how much of a failed pagination was written and how to get the rest:
// "incomplete output: 2,000 Contents from 2 pages were written before page 3 failed; resume
// with --starting-token T". The token is nimbus's base64 encoding, safe to print.
func incomplete(e *paginate.PartialError, def *model.Paginator) string {
	what := "items"
	if len(def.ResultKey) > 0 {
		what = def.ResultKey[0]
	}
	pages := "pages"
	if e.Pages == 1 {
		pages = "page"
	}
	s := fmt.Sprintf("incomplete output: %s %s from %d %s were written before page %d failed",
		format.Count(e.Items), what, e.Pages, pages, e.Page)
	if e.Token != "" {
		s += "; resume with --starting-token " + e.Token
	}
	return s
}

// streamingOutput names the operation's streaming output member, or "".
func streamingOutput(svc *model.Service, op string) string {
	sh := svc.Shape(outputShape(svc, op))
	if sh == nil || sh.Payload == "" {
		return ""
	}
	ref := sh.Members[sh.Payload]
	if ref == nil {
		return ""
	}
	if target := svc.Shape(ref.Shape); ref.Streaming || target != nil && target.Streaming {
		return sh.Payload
	}
	return ""
}

// download calls op and streams its payload into path, returning the rest of the output.
func download(ctx context.Context, inv *invoke.Invoker, op string, input map[string]any, path string) (map[string]any, error) {
	res, err := inv.Invoke(ctx, op, input)
	if err != nil {
		return nil, err
	}
	if res.Body == nil {
		return res.Output, nil
	}
	defer res.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating the output file: %w", err)
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing %s to %s: %w", res.BodyMember, path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("writing %s to %s: %w", res.BodyMember, path, err)
	}
	delete(res.Output, res.BodyMember)
	return res.Output, nil
}

// checkPaging refuses pagination flags that cannot apply, as the AWS CLI does.
func checkPaging(svc *model.Service, op string, paginated bool, opts CallOptions) (int, string) {
	used := opts.paging()
	switch {
	case opts.PageSize < 0 || opts.MaxItems < 0:
		return ExitUsage, "--page-size and --max-items must be positive"
	case len(used) == 0:
		return ExitOK, ""
	case !paginated:
		return ExitUsage, fmt.Sprintf("%s %s has no paginator: drop %s", svc.Name, op, strings.Join(used, ", "))
	case opts.NoPaginate:
		return ExitUsage, "cannot use --no-paginate with " + strings.Join(used, ", ")
	}
	return ExitOK, ""
}

// mergedKeys are the top-level keys a merged pagination holds, in the order the AWS CLI prints
// them: the result keys, then the non-aggregate keys, then NextToken.
func mergedKeys(def *model.Paginator) []string {
	var keys []string
	for _, group := range [][]string{def.ResultKey, def.NonAggregateKey} {
		for _, k := range group {
			top, _, _ := strings.Cut(k, ".")
			keys = append(keys, top)
		}
	}
	return append(keys, "NextToken")
}

func outputShape(svc *model.Service, op string) string {
	if o := svc.Operations[op]; o != nil && o.Output != nil {
		return o.Output.Shape
	}
	return ""
}

// describeCallError says in one line what went wrong and, where it helps, what to do.
func describeCallError(err error) string {
	var (
		apiErr   *invoke.APIError
		valErr   *invoke.ValidationError
		credsErr *sessionmgr.CredentialsError
	)
	switch {
	case errors.Is(err, readonly.ErrRefused):
		return textsafe.Clean(oneLine(err.Error()))
	case errors.As(err, &valErr):
		return textsafe.Clean(oneLine(valErr.Error()))
	case errors.As(err, &credsErr):
		return Explain(err)
	case errors.As(err, &apiErr):
		return describeAPIError(apiErr)
	}
	return Explain(err)
}

// Explain is sessionmgr.Explain: one line saying what went wrong with the session or the network
// and what to do, its hints worded as flags (--profile) for a shell user.
func Explain(err error) string { return sessionmgr.Explain(err) }

// describeAPIError is the service's answer as the AWS CLI prints it: "An error occurred (404)
// when calling the HeadObject operation: Not Found".
func describeAPIError(e *invoke.APIError) string {
	retries := ""
	if e.MaxAttemptsReached {
		retries = fmt.Sprintf(" (reached max retries: %d)", e.Retries)
	}
	return textsafe.Clean(oneLine(fmt.Sprintf("An error occurred (%s) when calling the %s operation%s: %s",
		e.Code, e.Operation, retries, strings.TrimSpace(e.Message))))
}

// callErrorCode is the AWS CLI v2's exit code for err.
func callErrorCode(err error) int {
	return ExitCode(err)
}

// suggestOperation names the closest operation, when one is close, for an error message.
func suggestOperation(svc *model.Service, op string) string {
	if best := closestName(svc.OperationNames(), op); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", model.CLIName(best))
	}
	return ""
}

// closestName returns the name nearest to want, ignoring case, dashes and underscores, when it
// is a typo or two away; "" otherwise.
func closestName(names []string, want string) string {
	fold := func(s string) string { return strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(s)) }
	folded := fold(want)
	best, bestDist := "", len(folded)/3+1 // a typo or two, not another word
	for _, name := range names {
		if d := levenshtein.ComputeDistance(fold(name), folded); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// WarningLogger returns a logger that writes to base and also prints, once each, the warnings
// the invoker logs about an input (an enum value the model does not know) on stderr as
// "nimbus CMD: warning: ...". Pass it as invoke.Options.Logger.
func WarningLogger(base *slog.Logger, cmd string, stderr io.Writer) *slog.Logger {
	h := &warningHandler{w: stderr, prefix: "nimbus " + cmd + ": warning: ", state: &warningState{seen: map[string]bool{}}}
	if base == nil {
		return slog.New(h)
	}
	return slog.New(slog.NewMultiHandler(base.Handler(), h))
}

// warningHandler is the slog handler behind WarningLogger.
type warningHandler struct {
	w      io.Writer
	prefix string
	state  *warningState
}

// warningState is shared by a handler and its derived copies: a paginated call sends the same
// input, and so logs the same warning, once per page.
type warningState struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (h *warningHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelWarn
}

func (h *warningHandler) Handle(_ context.Context, r slog.Record) error {
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "warning" {
			msg = a.Value.String()
			return false
		}
		return true
	})
	h.state.mu.Lock()
	defer h.state.mu.Unlock()
	if h.state.seen[msg] {
		return nil
	}
	h.state.seen[msg] = true
	_, err := fmt.Fprintln(h.w, h.prefix+textsafe.Clean(oneLine(msg)))
	return err
}

func (h *warningHandler) WithAttrs([]slog.Attr) slog.Handler { return h }

func (h *warningHandler) WithGroup(string) slog.Handler { return h }

// oneLine joins the lines of a message.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}

// WireTimestamps reads the AWS CLI's cli_timestamp_format setting: iso8601 (the default in CLI
// v2) prints timestamps in ISO 8601, wire (or none, its CLI v1 name) as the service sent them.
func WireTimestamps(setting string) (bool, error) {
	switch strings.TrimSpace(setting) {
	case "", "iso8601":
		return false, nil
	case "wire", "none":
		return true, nil
	}
	return false, fmt.Errorf("cli_timestamp_format = %s is not a timestamp format: use iso8601, wire or none", setting)
}
