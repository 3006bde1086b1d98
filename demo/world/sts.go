package world

import "time"

// STS: who the demo profile is. Assumed roles keep the caller's keys, so the account stays the
// caller's.

func stsGetCallerIdentity(w *World, c *Call) (map[string]any, error) {
	return map[string]any{
		"UserId":  "AIDADEMO" + c.Account.ID,
		"Account": c.Account.ID,
		"Arn":     "arn:aws:iam::" + c.Account.ID + ":user/" + c.Account.User,
	}, nil
}

func credentials(c *Call, d time.Duration) map[string]any {
	return map[string]any{
		"AccessKeyId":     c.Account.AccessKey,
		"SecretAccessKey": c.Account.SecretKey,
		"SessionToken":    "demo-session-token",
		"Expiration":      c.Now.Add(d).Truncate(time.Second),
	}
}

func stsGetSessionToken(w *World, c *Call) (map[string]any, error) {
	return map[string]any{"Credentials": credentials(c, 12*time.Hour)}, nil
}

func stsAssumeRole(w *World, c *Call) (map[string]any, error) {
	role := str(c.In, "RoleArn")
	name := str(c.In, "RoleSessionName")
	roleName := role
	if i := lastSlash(role); i >= 0 {
		roleName = role[i+1:]
	}
	return map[string]any{
		"Credentials": credentials(c, time.Hour),
		"AssumedRoleUser": map[string]any{
			"AssumedRoleId": "AROADEMO" + c.Account.ID + ":" + name,
			"Arn":           "arn:aws:sts::" + c.Account.ID + ":assumed-role/" + roleName + "/" + name,
		},
	}, nil
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
