package world

import "time"

// seedRegion builds one account's region: the same data on every run, different per account
// and region, so switching visibly changes the world.
func seedRegion(a Account, region string, now time.Time) *Region {
	r := &Region{Account: a, Name: region}
	return r
}

func seedIAM(a Account, now time.Time) *iamStore { return &iamStore{} }

type (
	ec2Store    struct{}
	ddbStore    struct{}
	sqsStore    struct{}
	logsStore   struct{}
	lambdaStore struct{}
	cfnStore    struct{}
	iamStore    struct{}
)
