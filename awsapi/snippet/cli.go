package snippet

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Options are the session settings a snippet repeats.
type Options struct {
	Profile     string
	Region      string
	EndpointURL string
	// OutFile is where the AWS CLI writes a streaming body (s3api get-object's positional
	// outfile); "outfile" when empty.
	OutFile string
}

// cliServiceNames are the AWS CLI commands whose name differs from botocore's service name.
var cliServiceNames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"s3":         "s3api",
		"config":     "configservice",
		"codedeploy": "deploy",
	}
})

// CLIService returns the AWS CLI command of a botocore service: "s3" → "s3api".
func CLIService(service string) string {
	if n, ok := cliServiceNames()[service]; ok {
		return n
	}
	return service
}

// cliGlobals are the AWS CLI's global options (awscli/data/cli.json). A member whose option
// would have one of these names cannot be given as an option: the global parser takes it first.
var cliGlobals = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"debug": true, "endpoint-url": true, "no-verify-ssl": true, "no-paginate": true,
		"output": true, "query": true, "profile": true, "region": true, "version": true,
		"color": true, "no-sign-request": true, "ca-bundle": true, "cli-read-timeout": true,
		"cli-connect-timeout": true, "v2-debug": true, "cli-input-json": true,
		"generate-cli-skeleton": true,
	}
})

// AWSCLI returns the `aws` command that makes the call op of svc with input, a document keyed
// by wire member names as boto3 takes it. Options are spelled as the CLI derives them
// (xform_name plus its renames); scalars are plain arguments, lists of strings and numbers are
// space-separated values, everything else is JSON; booleans are --flag or --no-flag. Values the
// CLI would misread as an option, a file:// or an http(s):// reference, or members whose option
// a global option shadows, go into --cli-input-json, where the CLI takes them verbatim. The
// result is one line of POSIX shell (bash $'…' quoting for control characters).
func AWSCLI(svc *model.Service, op string, input map[string]any, opts Options) string {
	cliSvc := CLIService(svc.Name)
	opName := op
	var shape *model.Shape
	var operation *model.Operation
	if o, ok := svc.Operation(op); ok {
		operation, opName = o, o.Name
		shape, _ = svc.InputShape(op)
	}
	cliOp := cliCommand(cliSvc, XformName(opName, "-"), input)

	words := []string{"aws", cliSvc, cliOp}
	verbatim := map[string]any{}
	done := map[string]bool{}
	if cliSvc == "ec2" && cliOp == "run-instances" {
		// The CLI replaces --min-count and --max-count with --count MIN[:MAX].
		if count, ok := ec2Count(input); ok {
			words = append(words, "--count", count)
			done["MinCount"], done["MaxCount"] = true, true
		}
	}
	for _, name := range orderedInput(shape, input) {
		v := normalize(input[name])
		if v == nil || done[name] {
			continue
		}
		var ref *model.ShapeRef
		var member *model.Shape
		if shape != nil {
			if ref = shape.Members[name]; ref != nil {
				member = svc.Shape(ref.Shape)
			}
		}
		if member != nil && member.Type == "boolean" {
			if b, ok := v.(bool); ok {
				if option, ok := cliOption(cliSvc, cliOp, name, !b); ok {
					words = append(words, "--"+option)
				} else {
					verbatim[name] = v
				}
				continue
			}
		}
		option, hasOption := cliOption(cliSvc, cliOp, name, false)
		arg, ok := cliArgs(member, v, svc)
		if !ok && cliNoParamFile()[svc.Metadata.EndpointPrefix+"."+cliOp+"."+option] {
			if s, isString := v.(string); isString {
				arg, ok = []string{s}, true
			}
		}
		if !ok || !hasOption {
			verbatim[name] = v
			continue
		}
		if len(arg) == 1 && strings.HasPrefix(arg[0], "-") {
			// "--description=-x": argparse would take a bare "-x" for an option.
			words = append(words, "--"+option+"="+shellQuote(arg[0]))
			continue
		}
		words = append(words, "--"+option)
		for _, a := range arg {
			words = append(words, shellQuote(a))
		}
	}
	if operation != nil && shadowsPaging(svc, opName, input) {
		// The CLI's own --max-items/--page-size/--starting-token hide the member's option
		// unless pagination is off.
		words = append(words, "--no-paginate")
	}
	if len(verbatim) > 0 {
		words = append(words, "--cli-input-json", shellQuote(jsonText(verbatim)))
	}
	if operation != nil && hasStreamingOutput(svc, operation) {
		out := opts.OutFile
		if out == "" {
			out = "outfile"
		}
		if strings.HasPrefix(out, "-") {
			out = "./" + out
		}
		words = append(words, shellQuote(out))
	}
	for _, g := range []struct{ flag, value string }{
		{"--profile", opts.Profile}, {"--region", opts.Region}, {"--endpoint-url", opts.EndpointURL},
	} {
		if g.value != "" {
			words = append(words, g.flag, shellQuote(g.value))
		}
	}
	return strings.Join(words, " ")
}

// ec2Count writes MinCount and MaxCount as ec2 run-instances' --count: "N" when they are
// equal, "MIN:MAX" otherwise. Both must be given: the CLI would default a missing one to 1.
func ec2Count(input map[string]any) (string, bool) {
	lo, ok1 := normalize(input["MinCount"]).(number)
	hi, ok2 := normalize(input["MaxCount"]).(number)
	if !ok1 || !ok2 || !wholeNumber(lo) || !wholeNumber(hi) {
		return "", false
	}
	if lo == hi {
		return string(lo), true
	}
	return string(lo) + ":" + string(hi), true
}

func wholeNumber(n number) bool {
	s := strings.TrimPrefix(string(n), "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// cliOption returns the option the CLI gives a member (for a boolean, the --no- form when
// negative), or false when the CLI has no such option, because a global option shadows it or a
// customization removed it: the member then goes through --cli-input-json.
func cliOption(cliSvc, cliOp, member string, negative bool) (string, bool) {
	option := XformName(member, "-")
	if negative {
		option = "no-" + option
	}
	option = cliRename(cliSvc, cliOp, option)
	if cliGlobals()[option] || cliRemoved()[cliSvc+"."+cliOp+"."+option] {
		return "", false
	}
	return option, true
}

// cliRemoved are options the CLI's customizations take away from an operation (keyed
// "command.operation.option"); TestOptionsMatchAWSCLI finds them.
var cliRemoved = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"ec2.run-instances.min-count": true, // replaced by --count MIN[:MAX]
		"ec2.run-instances.max-count": true,
		// Flattened into options of their own members.
		"cloudsearch.define-expression.expression":   true,
		"cloudsearch.define-index-field.index-field": true,
		// Replaced by --pipeline-definition and --parameter-values(-uri) in the CLI's own format.
		"datapipeline.activate-pipeline.parameter-values":        true,
		"datapipeline.put-pipeline-definition.parameter-objects": true,
		"datapipeline.put-pipeline-definition.parameter-values":  true,
		"datapipeline.put-pipeline-definition.pipeline-objects":  true,
		// Replaced by EMR's own options (--tags k=v, --active, --terminated...).
		"emr.add-tags.tags":                true,
		"emr.list-clusters.cluster-states": true,
		"emr.list-clusters.created-after":  true,
		"emr.list-clusters.created-before": true,
		// rds modify-option-group is two commands, each with one of the lists as --options.
		"rds.add-option-to-option-group.options-to-remove":       true,
		"rds.remove-option-from-option-group.options-to-include": true,
	}
})

// cliMoreRenames are option renames made by customizations other than argrename.py.
var cliMoreRenames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"ses.send-email.source":                                 "from",
		"rds.add-option-to-option-group.options-to-include":     "options",
		"rds.remove-option-from-option-group.options-to-remove": "options",
	}
})

// cliCommand returns the CLI command of an operation: the CLI splits rds modify-option-group
// into add-option-to-option-group and remove-option-from-option-group.
func cliCommand(cliSvc, cliOp string, input map[string]any) string {
	if cliSvc == "rds" && cliOp == "modify-option-group" {
		if input["OptionsToRemove"] != nil && input["OptionsToInclude"] == nil {
			return "remove-option-from-option-group"
		}
		return "add-option-to-option-group" // OptionsToRemove, if given too, goes as JSON
	}
	return cliOp
}

// orderedInput lists the members of input in the model's form order (required first), then any
// names the model does not know, sorted.
func orderedInput(shape *model.Shape, input map[string]any) []string {
	var out []string
	seen := map[string]bool{}
	if shape != nil {
		for _, m := range shape.FormMembers() {
			if _, ok := input[m]; ok {
				out = append(out, m)
				seen[m] = true
			}
		}
	}
	for _, k := range sortedKeys(input) {
		if !seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// cliArgs returns the words that follow a member's option, or false when the value must go
// through --cli-input-json instead.
func cliArgs(member *model.Shape, v any, svc *model.Service) ([]string, bool) {
	switch x := v.(type) {
	case string:
		return []string{x}, !paramFileLike(x)
	case []byte:
		s := string(x)
		return []string{s}, !paramFileLike(s)
	case number:
		return []string{string(x)}, cliNumberOK(x)
	case bool:
		// A boolean value for a non-boolean member: let the CLI's JSON parser judge it.
		return nil, false
	case []any:
		if member != nil && member.Type == "list" && member.Member != nil && scalarList(svc.Shape(member.Member.Shape)) {
			if words, ok := spaceSeparated(x); ok {
				return words, true
			}
		}
		return []string{jsonText(x)}, true
	case map[string]any:
		return []string{jsonText(x)}, true
	}
	return nil, false
}

// scalarList reports whether a list's members are given to the CLI as separate words.
func scalarList(elem *model.Shape) bool {
	if elem == nil {
		return false
	}
	switch elem.Type {
	case "string", "integer", "long", "float", "double":
		return true
	}
	return false
}

// spaceSeparated writes a list of scalars as separate words, unless a word would be misread: a
// leading "-" (an option), a lone word that starts like JSON, or a file/URL reference.
func spaceSeparated(list []any) ([]string, bool) {
	if len(list) == 0 {
		return nil, false
	}
	words := make([]string, len(list))
	for i, e := range list {
		switch x := e.(type) {
		case string:
			words[i] = x
		case number:
			if !cliNumberOK(x) {
				return nil, false
			}
			words[i] = string(x)
		default:
			return nil, false
		}
		if strings.HasPrefix(words[i], "-") {
			return nil, false
		}
	}
	if len(words) == 1 {
		w := strings.TrimLeft(words[0], " \t\r\n")
		if strings.HasPrefix(w, "[") || paramFileLike(words[0]) {
			return nil, false
		}
	}
	return words, true
}

func cliNumberOK(n number) bool {
	return !strings.ContainsAny(string(n), "NI") // NaN and Inf have no CLI spelling
}

// paramFileLike reports whether the CLI would replace the value by a file's or URL's content.
func paramFileLike(s string) bool {
	for _, p := range []string{"file://", "fileb://", "http://", "https://"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// shadowsPaging reports whether input sets a member of a paginated operation whose option the
// CLI's pagination options take over.
func shadowsPaging(svc *model.Service, op string, input map[string]any) bool {
	if _, ok := svc.Paginator(op); !ok {
		return false
	}
	for name, v := range input {
		if v == nil {
			continue
		}
		switch XformName(name, "-") {
		case "max-items", "page-size", "starting-token":
			return true
		}
	}
	return false
}

// hasStreamingOutput is botocore's has_streaming_output: the output's payload is a blob. The CLI
// then wants the file to write it to.
func hasStreamingOutput(svc *model.Service, op *model.Operation) bool {
	if op.Output == nil {
		return false
	}
	out := svc.Shape(op.Output.Shape)
	if out == nil || out.Payload == "" {
		return false
	}
	ref := out.Members[out.Payload]
	if ref == nil {
		return false
	}
	payload := svc.Shape(ref.Shape)
	return payload != nil && payload.Type == "blob"
}

// jsonText writes a normalised value as compact JSON with sorted keys, blobs as text.
func jsonText(v any) string {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case number:
		s := string(x)
		if strings.ContainsAny(s, "NI") { // NaN, Inf: JSON has no such number
			s = `"` + s + `"`
		}
		b.WriteString(s)
	case string:
		writeJSONString(b, x)
	case []byte:
		writeJSONString(b, string(x))
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	case map[string]any:
		b.WriteByte('{')
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			writeJSON(b, x[k])
		}
		b.WriteByte('}')
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}

// shellQuote quotes a word for a POSIX shell: bare when it is made of safe characters, in single
// quotes otherwise, and in bash/zsh $'…' quotes when it holds control characters, so the command
// can be shown and pasted without a raw escape sequence in it.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	if isShellSafe(s) {
		return s
	}
	if slices.ContainsFunc([]rune(s), isUnprintable) {
		return ansiCQuote(s)
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func isShellSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("@%+=:,./-_", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func ansiCQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for _, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case isUnprintable(r):
			b.WriteString(unicodeEscape(r))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// unicodeEscape is \uXXXX or \UXXXXXXXX, which bash, zsh and Python all read.
func unicodeEscape(r rune) string {
	if r > 0xffff {
		return `\U` + hexN(uint32(r), 8)
	}
	return `\u` + hexN(uint32(r), 4)
}

func hexN(v uint32, n int) string {
	const digits = "0123456789abcdef"
	out := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = digits[v&15]
		v >>= 4
	}
	return string(out)
}

// isUnprintable reports runes that must not reach a terminal or a paste buffer raw: control
// characters, format characters such as bidi overrides, line separators and broken UTF-8.
func isUnprintable(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
