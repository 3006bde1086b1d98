package tui

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// ConfigLoader returns the aws.Config of a (profile, region). It may block (SSO, assume-role), so
// pages call it only inside commands. sessionmgr.Manager.Config satisfies it.
type ConfigLoader func(ctx context.Context, profile, region string) (aws.Config, error)

// Session is who and where the user is: the value pages load their data under. It is immutable;
// switching profile or region makes a new one and reloads the pages.
type Session struct {
	Profile  string
	Region   string
	Endpoint string // --endpoint-url, shown in the header
	ReadOnly bool
	// Color is the header colour nimbus's config gives the profile ("" for none): production in
	// red, say. Without colours the header is drawn in reverse video instead.
	Color string
	Demo  bool
	Load  ConfigLoader
}

// Config loads this session's aws.Config; call it only from a command.
func (s Session) Config(ctx context.Context) (aws.Config, error) {
	return s.Load(ctx, s.Profile, s.Region)
}

// ConfigIn loads the aws.Config of this session's profile in another region (a bucket that lives
// elsewhere, say).
func (s Session) ConfigIn(ctx context.Context, region string) (aws.Config, error) {
	return s.Load(ctx, s.Profile, region)
}

// Same reports whether two sessions load the same data.
func (s Session) Same(o Session) bool {
	return s.Profile == o.Profile && s.Region == o.Region && s.Endpoint == o.Endpoint
}

// Marks are what nimbus's config (and the user, inside the app) say of a profile beyond its
// credentials: whether it is read-only and the colour of its header.
type Marks struct {
	ReadOnly bool
	Color    string
}

// RefreshMarksMsg asks the app to read the current profile's marks again (it was made writable
// or read-only); pages reload under the session with the new marks.
type RefreshMarksMsg struct{}
