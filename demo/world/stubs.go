package world

import "time"

type (
	ddbStore    struct{}
	sqsStore    struct{}
	logsStore   struct{}
	lambdaStore struct{}
	cfnStore    struct{}
	iamStore    struct{}
	tableSpec   struct {
		name  string
		items int
	}
	queueSpec struct {
		name     string
		messages int
		fifo     bool
	}
)

func newDDB() *ddbStore       { return &ddbStore{} }
func newSQS() *sqsStore       { return &sqsStore{} }
func newLogs() *logsStore     { return &logsStore{} }
func newLambda() *lambdaStore { return &lambdaStore{} }
func newCFN() *cfnStore       { return &cfnStore{} }

func seedDDB(r *Region, spec regionSpec, now time.Time)    {}
func seedSQS(r *Region, spec regionSpec, now time.Time)    {}
func seedLogs(r *Region, spec regionSpec, now time.Time)   {}
func seedLambda(r *Region, spec regionSpec, now time.Time) {}
func seedCFN(r *Region, spec regionSpec, now time.Time)    {}
func seedIAM(a Account, now time.Time) *iamStore           { return &iamStore{} }
