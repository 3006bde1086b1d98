package world

import "time"

type (
	cfnStore struct{}
	iamStore struct{}
)

func newCFN() *cfnStore { return &cfnStore{} }

func seedCFN(r *Region, spec regionSpec, now time.Time) {}
func seedIAM(a Account, now time.Time) *iamStore        { return &iamStore{} }
