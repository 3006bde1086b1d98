package sessionmgr

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Identity is who a profile's credentials belong to (STS GetCallerIdentity).
type Identity struct {
	Account string
	ARN     string
	UserID  string
}

// Identity asks STS who profile is, once per profile (the answer does not depend on the region,
// which only chooses the STS endpoint). Errors are not cached: the user may log in and retry.
func (m *Manager) Identity(ctx context.Context, profile, region string) (Identity, error) {
	m.mu.Lock()
	id, ok := m.identities[profile]
	gen := m.gen
	m.mu.Unlock()
	if ok {
		return id, nil
	}
	v, err, _ := m.loads.Do(fmt.Sprintf("identity\x00%d\x00%s", gen, profile), func() (any, error) {
		cfg, err := m.Config(ctx, profile, region)
		if err != nil {
			return Identity{}, err
		}
		out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return Identity{}, fmt.Errorf("asking STS who profile %s is: %w", profile, err)
		}
		id := Identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn), UserID: aws.ToString(out.UserId)}
		m.mu.Lock()
		if m.gen == gen {
			m.identities[profile] = id
		}
		m.mu.Unlock()
		return id, nil
	})
	if err != nil {
		return Identity{}, err
	}
	return v.(Identity), nil
}
