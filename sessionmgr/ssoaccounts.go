package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/sso/types"
)

// SSOAccount is an account the logged-in SSO user can open, with the roles offered there.
type SSOAccount struct {
	ID, Name, Email string
	Roles           []string // sorted
}

// NeedLoginError says that a profile's SSO session has no usable token: log in (StartLogin).
type NeedLoginError struct{ Session SSOSession }

func (e *NeedLoginError) Error() string {
	// What to do is advice (Advise), worded by each interface: no command here.
	return fmt.Sprintf("not logged in to %s (or the login expired)", e.Session.Label())
}

// rolesConcurrency bounds the ListAccountRoles calls in flight: organisations have hundreds of
// accounts and the portal throttles.
const rolesConcurrency = 8

// SSOAccounts lists every account and role the user of profile's SSO session may open (portal
// ListAccounts and ListAccountRoles, every page), sorted by account name. It renews the token
// with its refresh token first when needed, and returns a *NeedLoginError when only a login helps.
func (m *Manager) SSOAccounts(ctx context.Context, profile string) ([]SSOAccount, error) {
	list, err := m.ListSSOAccounts(ctx, profile)
	if err != nil {
		return nil, err
	}
	var accounts []SSOAccount
	for list.More() {
		page, err := list.Next(ctx)
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, page...)
	}
	sort.SliceStable(accounts, func(i, j int) bool {
		if accounts[i].Name != accounts[j].Name {
			return accounts[i].Name < accounts[j].Name
		}
		return accounts[i].ID < accounts[j].ID
	})
	return accounts, nil
}

// portalError turns the portal's "token refused" into a *NeedLoginError.
func (m *Manager) portalError(s SSOSession, doing string, err error) error {
	var unauth *types.UnauthorizedException
	if errors.As(err, &unauth) {
		return &NeedLoginError{Session: s}
	}
	return fmt.Errorf("%s of %s: %w", doing, s.Label(), err)
}
