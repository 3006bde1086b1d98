package sessionmgr

import (
	"context"
	"errors"
	"fmt"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/nimbus-tui/nimbus/awsapi/readonly"
)

// readOnlyGuardID names the middleware in the stack.
const readOnlyGuardID = "nimbus.ReadOnlyGuard"

// guardState says, at the moment of a call, whether it must be refused if it mutates: on, and
// the profile and the rule of nimbus's config that made it read-only (by is "" for --readonly).
type guardState func() (on bool, profile, by string)

// addReadOnlyGuard is the guard of --readonly: always on.
func addReadOnlyGuard(stack *middleware.Stack) error {
	return addGuard(stack, func() (bool, string, string) { return true, "", "" })
}

// addGuard puts the read-only check first in the Initialize step, before serialization, signing
// or any byte on the wire. The SDK's clients put the service id and operation name on the
// context before the stack runs; other clients built from the aws.Config (the generic engine)
// must do the same with awsmiddleware.SetServiceID and SetOperationName, or every call is
// refused while the guard is on. The state is read per call: a profile made writable (or
// read-only) inside the app changes the clients already built.
func addGuard(stack *middleware.Stack, state guardState) error {
	guard := func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		on, profile, by := state()
		if !on {
			return next.HandleInitialize(ctx, in)
		}
		if err := checkGuarded(ctx, in.Parameters, profile, by); err != nil {
			return middleware.InitializeOutput{}, middleware.Metadata{}, err
		}
		return next.HandleInitialize(ctx, in)
	}
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc(readOnlyGuardID, guard), middleware.Before)
}

// checkGuarded refuses a mutating call; params is the typed input (some classes depend on it:
// redshift AutoCreate).
func checkGuarded(ctx context.Context, params any, profile, by string) error {
	serviceID, operation := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	if serviceID == "" || operation == "" {
		// A client that does not say what it calls cannot be checked: refuse rather than guess.
		return fmt.Errorf("unnamed operation: %w (the client did not set its service id and operation name on the context)", readonly.ErrRefused)
	}
	if by == "" {
		return readonly.CheckInput(true, botocoreName(serviceID), operation, params)
	}
	if err := readonly.Refuse(botocoreName(serviceID), operation, params, "profile "+profile+" is read-only: "+by); err != nil {
		return &ReadOnlyError{Profile: profile, By: by, Err: err}
	}
	return nil
}

// ReadOnlyError is a call refused because nimbus's own config makes the profile read-only
// (rather than --readonly). It wraps readonly.ErrRefused.
type ReadOnlyError struct {
	Profile string
	By      string // the rule: "prod-* in ~/.config/nimbus/config.yaml"
	Err     error
}

func (e *ReadOnlyError) Error() string { return e.Err.Error() }

func (e *ReadOnlyError) Unwrap() error { return e.Err }

// ErrReadOnlyFlag is returned by AllowWrites under --readonly, which holds for the whole run.
var ErrReadOnlyFlag = errors.New("nimbus was started with --readonly, which holds until it quits: restart without it to allow changes")

// ReadOnlyFor reports whether calls with profile refuse mutating operations: --readonly, or
// nimbus's config for the profile (Options.ProfileReadOnly) unless AllowWrites lifted it, or
// ForbidWrites for this session.
func (m *Manager) ReadOnlyFor(profile string) bool {
	on, _ := m.readOnlyBy(profile)
	return on
}

// ReadOnlyBy is why profile is read-only: "--readonly", the config's rule, "this session"
// (ForbidWrites), or "" when it is not.
func (m *Manager) ReadOnlyBy(profile string) string {
	on, by := m.readOnlyBy(profile)
	switch {
	case !on:
		return ""
	case by == "":
		return "--readonly"
	}
	return by
}

// sessionReadOnly is ReadOnlyBy for a profile made read-only inside the app.
const sessionReadOnly = "made read-only in this session"

// readOnlyBy is the guard's state for profile: by is "" for --readonly.
func (m *Manager) readOnlyBy(profile string) (on bool, by string) {
	if m.opts.ReadOnly {
		return true, ""
	}
	m.mu.Lock()
	set, overridden := m.writes[profile]
	m.mu.Unlock()
	if overridden {
		if set {
			return false, ""
		}
		return true, sessionReadOnly
	}
	if m.opts.ProfileReadOnly != nil {
		if rule := m.opts.ProfileReadOnly(profile); rule != "" {
			return true, rule
		}
	}
	return false, ""
}

// AllowWrites lets profile's calls change state until nimbus quits, whatever nimbus's config
// says; the UI asks for a typed confirmation first. Under --readonly it returns ErrReadOnlyFlag.
func (m *Manager) AllowWrites(profile string) error {
	if m.opts.ReadOnly {
		return ErrReadOnlyFlag
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes[profile] = true
	return nil
}

// ForbidWrites makes profile read-only until nimbus quits (or AllowWrites).
func (m *Manager) ForbidWrites(profile string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes[profile] = false
}

// guardFor is the guard of profile's configurations, on whenever ReadOnlyFor says so.
func (m *Manager) guardFor(profile string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return addGuard(stack, func() (bool, string, string) {
			on, by := m.readOnlyBy(profile)
			return on, profile, by
		})
	}
}
