// Package readonly sorts every AWS operation into one of three classes — read, reveals-secret and
// mutate — so that --readonly can refuse what may change state before a byte is sent (for the
// typed SDK clients and the generic engine alike), and the UI can treat secrets with care.
//
// An operation's class comes from its name (rules.go) unless the reviewed list of exceptions
// (exceptions.go) says otherwise, and a few exceptions depend on the call's input (ssm
// GetParameter with WithDecryption reveals a secret, redshift GetClusterCredentials with AutoCreate
// creates a user). The full table is generated into table.tsv (go generate) for users to audit.
package readonly

import (
	"errors"
	"fmt"
)

// ErrRefused is wrapped by every refusal, so callers can tell a read-only refusal from an AWS error.
var ErrRefused = errors.New("refused in read-only mode")

// Class says what calling an operation does. The order matters: a higher class is the more
// careful one, and Worst picks the highest an operation can reach.
type Class int

const (
	// Read changes nothing and returns nothing secret.
	Read Class = iota
	// RevealsSecret changes nothing but returns a secret (a decrypted value, a password, temporary
	// credentials, a bearer token or URL). It is allowed under --readonly, but the UI runs it only
	// from an explicit reveal with a confirmation, never refreshes it and never logs it.
	RevealsSecret
	// Mutate may change state (or has side effects outside AWS, such as sending a message).
	Mutate
)

func (c Class) String() string {
	switch c {
	case Read:
		return "read"
	case RevealsSecret:
		return "reveals-secret"
	case Mutate:
		return "mutate"
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// ParseClass is String's inverse.
func ParseClass(s string) (Class, error) {
	for _, c := range []Class{Read, RevealsSecret, Mutate} {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("unknown class %q (read, reveals-secret or mutate)", s)
}

// Decision is an operation's class and why.
type Decision struct {
	Class  Class
	Reason string
}

// Classify decides the class of one call: operation (its model name, e.g. "GetParameter") of
// service (botocore's name, e.g. "ssm") with input, which is a JSON-like map keyed by member names
// (the engine's), a typed SDK input struct or pointer (the SDK clients'), or nil when unknown.
// Unknown operations are mutate: refusing is the safe side.
func Classify(service, operation string, input any) Decision {
	ex := exceptionsFor(service, operation)
	d := baseDecision(service, operation, ex)
	for _, e := range ex {
		if e.When != "" && memberIsTrue(input, e.When) {
			return Decision{Class: e.Class, Reason: e.Reason}
		}
	}
	return d
}

// Worst is the most careful class operation can reach with any input: what a list of operations
// shows before the input is known, and what a check without the input must assume.
func Worst(service, operation string) Decision {
	ex := exceptionsFor(service, operation)
	d := baseDecision(service, operation, ex)
	for _, e := range ex {
		if e.When != "" && e.Class > d.Class {
			d = Decision{Class: e.Class, Reason: e.Reason}
		}
	}
	return d
}

// baseDecision is the class without input: the unconditional exception, else the naming rule.
func baseDecision(service, operation string, ex []Exception) Decision {
	for _, e := range ex {
		if e.When == "" {
			return Decision{Class: e.Class, Reason: e.Reason}
		}
	}
	return ruleDecision(operation)
}

// IsMutating reports whether operation of service may change state with some input (Worst).
func IsMutating(service, operation string) bool {
	return Worst(service, operation).Class == Mutate
}

// Reveals reports whether this call returns a secret without changing state.
func Reveals(service, operation string, input any) bool {
	return Classify(service, operation, input).Class == RevealsSecret
}

// Check returns an error wrapping ErrRefused when readOnly is set and the operation may mutate
// with some input. Use CheckInput when the input is known.
func Check(readOnly bool, service, operation string) error {
	if !readOnly {
		return nil
	}
	return refusal(service, operation, Worst(service, operation))
}

// CheckInput is Check for one call with its input: reads and reveals pass under --readonly,
// mutations are refused.
func CheckInput(readOnly bool, service, operation string, input any) error {
	if !readOnly {
		return nil
	}
	return refusal(service, operation, Classify(service, operation, input))
}

func refusal(service, operation string, d Decision) error {
	return refuse(service, operation, d, "start nimbus without --readonly to allow it")
}

// Refuse is CheckInput for a session read-only for another reason than --readonly: lift says
// how to allow the call ("profile prod is read-only by nimbus's config; :writable allows
// changes").
func Refuse(service, operation string, input any, lift string) error {
	return refuse(service, operation, Classify(service, operation, input), lift)
}

func refuse(service, operation string, d Decision, lift string) error {
	if d.Class != Mutate {
		return nil
	}
	return fmt.Errorf("%s %s: %w (%s; %s)", service, operation, ErrRefused, d.Reason, lift)
}

// Label names an operation's class for a list shown before the input is known: the class
// without input, followed by "/" and the worst class when the input can raise it
// ("read/reveals-secret" for ssm GetParameter, whose WithDecryption reveals).
func Label(service, operation string) string {
	return label(service, operation, Class.String)
}

// ShortLabel is Label with "secret" for reveals-secret, for narrow columns ("read/secret").
func ShortLabel(service, operation string) string {
	return label(service, operation, func(c Class) string {
		if c == RevealsSecret {
			return "secret"
		}
		return c.String()
	})
}

func label(service, operation string, name func(Class) string) string {
	base, worst := Classify(service, operation, nil), Worst(service, operation)
	if base.Class == worst.Class {
		return name(base.Class)
	}
	return name(base.Class) + "/" + name(worst.Class)
}
