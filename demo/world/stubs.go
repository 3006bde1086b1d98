package world

import "time"

type (
	sqsStore    struct{}
	logsStore   struct{}
	lambdaStore struct{}
	cfnStore    struct{}
	iamStore    struct{}
	queueSpec   struct {
		name     string
		messages int
		fifo     bool
	}
)

func newSQS() *sqsStore       { return &sqsStore{} }
func newLogs() *logsStore     { return &logsStore{} }
func newLambda() *lambdaStore { return &lambdaStore{} }
func newCFN() *cfnStore       { return &cfnStore{} }

func seedSQS(r *Region, spec regionSpec, now time.Time)    {}
func seedLogs(r *Region, spec regionSpec, now time.Time)   {}
func seedLambda(r *Region, spec regionSpec, now time.Time) {}
func seedCFN(r *Region, spec regionSpec, now time.Time)    {}
func seedIAM(a Account, now time.Time) *iamStore           { return &iamStore{} }
