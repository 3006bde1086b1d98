package sessionmgr

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"github.com/aws/aws-sdk-go-v2/service/sso/types"
	"golang.org/x/sync/errgroup"
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
	state, tok, err := m.EnsureSSO(ctx, profile)
	if err != nil {
		return nil, err
	}
	s, _ := m.SSOSessionFor(profile)
	if state == SSONeedLogin {
		return nil, &NeedLoginError{Session: s}
	}
	cfg, err := m.Config(ctx, s.Profile, "")
	if err != nil {
		return nil, err
	}
	cfg.APIOptions = nil // reading the portal changes nothing: --readonly has nothing to refuse
	cfg.Region = s.Region
	client := sso.NewFromConfig(cfg)
	token := aws.String(tok.AccessToken)

	var accounts []SSOAccount
	pages := sso.NewListAccountsPaginator(client, &sso.ListAccountsInput{AccessToken: token})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, m.portalError(s, "listing the SSO accounts", err)
		}
		for _, a := range page.AccountList {
			accounts = append(accounts, SSOAccount{ID: aws.ToString(a.AccountId), Name: aws.ToString(a.AccountName), Email: aws.ToString(a.EmailAddress)})
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(rolesConcurrency)
	for i := range accounts {
		a := &accounts[i]
		g.Go(func() error {
			roles := sso.NewListAccountRolesPaginator(client, &sso.ListAccountRolesInput{AccessToken: token, AccountId: aws.String(a.ID)})
			for roles.HasMorePages() {
				page, err := roles.NextPage(gctx)
				if err != nil {
					return m.portalError(s, "listing the roles of account "+a.ID, err)
				}
				for _, r := range page.RoleList {
					a.Roles = append(a.Roles, aws.ToString(r.RoleName))
				}
			}
			sort.Strings(a.Roles)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
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
