package sessionmgr

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	"golang.org/x/sync/errgroup"
)

// SSOAccountList lists the accounts of an SSO login a portal page at a time, each account with its
// roles, so that a page can show the first accounts of a large organisation while the rest come.
type SSOAccountList struct {
	m      *Manager
	s      SSOSession
	client *sso.Client
	token  *string
	pages  *sso.ListAccountsPaginator
}

// ListSSOAccounts starts listing the accounts of profile's SSO login. It renews the token with
// its refresh token first when needed, and returns a *NeedLoginError when only a login helps.
func (m *Manager) ListSSOAccounts(ctx context.Context, profile string) (*SSOAccountList, error) {
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
	l := &SSOAccountList{m: m, s: s, client: sso.NewFromConfig(cfg), token: aws.String(tok.AccessToken)}
	l.pages = sso.NewListAccountsPaginator(l.client, &sso.ListAccountsInput{AccessToken: l.token})
	return l, nil
}

// More reports whether Next has accounts left to list.
func (l *SSOAccountList) More() bool { return l.pages.HasMorePages() }

// Next lists the next page of accounts (ListAccounts) and the roles of each (ListAccountRoles,
// every page, rolesConcurrency accounts at a time). Roles are sorted; accounts stay in the
// portal's order.
func (l *SSOAccountList) Next(ctx context.Context) ([]SSOAccount, error) {
	page, err := l.pages.NextPage(ctx)
	if err != nil {
		return nil, l.m.portalError(l.s, "listing the SSO accounts", err)
	}
	accounts := make([]SSOAccount, len(page.AccountList))
	for i, a := range page.AccountList {
		accounts[i] = SSOAccount{ID: aws.ToString(a.AccountId), Name: aws.ToString(a.AccountName), Email: aws.ToString(a.EmailAddress)}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(rolesConcurrency)
	for i := range accounts {
		a := &accounts[i]
		g.Go(func() error {
			roles := sso.NewListAccountRolesPaginator(l.client, &sso.ListAccountRolesInput{AccessToken: l.token, AccountId: aws.String(a.ID)})
			for roles.HasMorePages() {
				page, err := roles.NextPage(gctx)
				if err != nil {
					return l.m.portalError(l.s, "listing the roles of account "+a.ID, err)
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
	return accounts, nil
}
