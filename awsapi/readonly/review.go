package readonly

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

// Candidate is an operation whose class its documentation or model seems to contradict.
type Candidate struct {
	Service, Operation string
	Class              Class
	Why                string // what disagrees
	Doc                string // the first doc sentence
}

// docLead strips the openings that hide a first sentence's verb ("Use this operation to create…").
var docLead = lazyRegexp(`^(\(Deprecated\) |This (action|operation|API|request|method) |` +
	`(Use|You can use) (this (operation|action|API)|the \w+ (API|operation)) to |The \w+ (operation|API|action) |` +
	`Used (by [\w ]+ )?to |API used to |\w+ is a (synchronous|asynchronous) operation that |Given [^,]+, )`)

// Verbs a first sentence starts with (after docLead) that say what an operation does.
var (
	mutateVerbs = lazyRegexp(`(?i)^(Creat|Start|Initiat|Generat|Send|Register|Issu|Export|Upload|Submit|` +
		`Trigger|Run|Execut|Delet|Updat|Modif|Reset|Rotat|Claim|Record|Report|Provision|Deploy|Launch|Enabl|` +
		`Disabl|Assign|Attach|Revok|Grant|Reserv|Purchas|Publish|Invok|Apply|Applies|Sets|Puts|Adds|Removes|Stops|Cancel)`)
	readVerbs = lazyRegexp(`(?i)^(Returns|Lists|Retrieves|Gets|Describes|Checks|Tests|Validates|Evaluates|` +
		`Calculates|Computes|Determines|Detects|Searches|Queries|Looks up|Simulates|Estimates|Previews|Verifies)`)
	// secretMembers are output member names that usually carry a secret.
	secretMembers = lazyRegexp(`^(Password|.*Password|SecretString|SecretBinary|SecretAccessKey|SessionToken|` +
		`Plaintext|.*PrivateKey.*|ClientSecret|.*AuthorizationToken|AccessToken|RefreshToken|IdToken|Credentials)$`)
)

// Review lists the operations worth a reviewer's look, sorted; operations with an entry in the
// exceptions list have been reviewed and are left out.
func Review(lib *model.Library) ([]Candidate, error) {
	index, err := lib.Index()
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, info := range index {
		svc, err := lib.Load(info.Name)
		if err != nil {
			return nil, err
		}
		for _, name := range svc.OperationNames() {
			if len(exceptionsFor(info.Name, name)) > 0 {
				continue
			}
			op, _ := svc.Operation(name)
			d := Classify(info.Name, name, nil)
			doc := docLead().ReplaceAllString(op.Doc, "")
			c := Candidate{Service: info.Name, Operation: name, Class: d.Class, Doc: op.Doc}
			switch {
			case d.Class == Read && mutateVerbs().MatchString(doc):
				c.Why = "read, but the doc starts " + firstWords(doc, 2)
			case d.Class == Read:
				if m := secretMember(svc, op); m != "" {
					c.Why = "read, but the output has " + m
				}
			case d.Class == Mutate && op.ReadOnly:
				c.Why = "mutate, but the model marks it readonly"
			case d.Class == Mutate && readVerbs().MatchString(doc):
				c.Why = "mutate, but the doc starts " + firstWords(doc, 2)
			}
			if c.Why != "" {
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Service != out[j].Service {
			return out[i].Service < out[j].Service
		}
		return out[i].Operation < out[j].Operation
	})
	return out, nil
}

// secretMember finds a member of op's output, at any depth, whose name says it holds a secret.
func secretMember(svc *model.Service, op *model.Operation) string {
	if op.Output == nil {
		return ""
	}
	seen := map[string]bool{}
	var walk func(shape string) string
	walk = func(shape string) string {
		if seen[shape] {
			return ""
		}
		seen[shape] = true
		sh := svc.Shape(shape)
		if sh == nil {
			return ""
		}
		for _, m := range sh.OrderedMembers() {
			if secretMembers().MatchString(m) {
				return m
			}
			if found := walk(sh.Members[m].Shape); found != "" {
				return found
			}
		}
		for _, ref := range []*model.ShapeRef{sh.Member, sh.Value} {
			if ref != nil {
				if found := walk(ref.Shape); found != "" {
					return found
				}
			}
		}
		return ""
	}
	return walk(op.Output.Shape)
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return `"` + strings.Join(w, " ") + `…"`
}

// lazyRegexp compiles expr on first use: Review is a maintainer's tool, and nimbus's start-up
// should not pay for its patterns.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
