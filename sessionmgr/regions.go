package sessionmgr

// Region is one AWS region of the region picker.
type Region struct {
	Name        string // e.g. "eu-west-1"
	Description string // e.g. "Europe (Ireland)"
	// OptIn marks regions launched after March 2019 that an account must enable before use; calls to
	// a region that is not enabled fail with an authentication error.
	OptIn     bool
	Partition string // "aws", "aws-cn" or "aws-us-gov"
}

// Regions returns the regions of the aws, aws-cn and aws-us-gov partitions, sorted by partition then
// name. Names and descriptions come from botocore's data/partitions.json (botocore 1.43; a test
// compares them with the installed botocore); opt-in status comes from the AWS account documentation,
// as botocore does not record it. The slice is new on every call.
func Regions() []Region {
	return []Region{
		{"af-south-1", "Africa (Cape Town)", true, "aws"},
		{"ap-east-1", "Asia Pacific (Hong Kong)", true, "aws"},
		{"ap-east-2", "Asia Pacific (Taipei)", true, "aws"},
		{"ap-northeast-1", "Asia Pacific (Tokyo)", false, "aws"},
		{"ap-northeast-2", "Asia Pacific (Seoul)", false, "aws"},
		{"ap-northeast-3", "Asia Pacific (Osaka)", false, "aws"},
		{"ap-south-1", "Asia Pacific (Mumbai)", false, "aws"},
		{"ap-south-2", "Asia Pacific (Hyderabad)", true, "aws"},
		{"ap-southeast-1", "Asia Pacific (Singapore)", false, "aws"},
		{"ap-southeast-2", "Asia Pacific (Sydney)", false, "aws"},
		{"ap-southeast-3", "Asia Pacific (Jakarta)", true, "aws"},
		{"ap-southeast-4", "Asia Pacific (Melbourne)", true, "aws"},
		{"ap-southeast-5", "Asia Pacific (Malaysia)", true, "aws"},
		{"ap-southeast-6", "Asia Pacific (New Zealand)", true, "aws"},
		{"ap-southeast-7", "Asia Pacific (Thailand)", true, "aws"},
		{"ca-central-1", "Canada (Central)", false, "aws"},
		{"ca-west-1", "Canada West (Calgary)", true, "aws"},
		{"eu-central-1", "Europe (Frankfurt)", false, "aws"},
		{"eu-central-2", "Europe (Zurich)", true, "aws"},
		{"eu-north-1", "Europe (Stockholm)", false, "aws"},
		{"eu-south-1", "Europe (Milan)", true, "aws"},
		{"eu-south-2", "Europe (Spain)", true, "aws"},
		{"eu-west-1", "Europe (Ireland)", false, "aws"},
		{"eu-west-2", "Europe (London)", false, "aws"},
		{"eu-west-3", "Europe (Paris)", false, "aws"},
		{"il-central-1", "Israel (Tel Aviv)", true, "aws"},
		{"me-central-1", "Middle East (UAE)", true, "aws"},
		{"me-south-1", "Middle East (Bahrain)", true, "aws"},
		{"mx-central-1", "Mexico (Central)", true, "aws"},
		{"sa-east-1", "South America (Sao Paulo)", false, "aws"},
		{"us-east-1", "US East (N. Virginia)", false, "aws"},
		{"us-east-2", "US East (Ohio)", false, "aws"},
		{"us-west-1", "US West (N. California)", false, "aws"},
		{"us-west-2", "US West (Oregon)", false, "aws"},
		{"cn-north-1", "China (Beijing)", false, "aws-cn"},
		{"cn-northwest-1", "China (Ningxia)", false, "aws-cn"},
		{"us-gov-east-1", "AWS GovCloud (US-East)", false, "aws-us-gov"},
		{"us-gov-west-1", "AWS GovCloud (US-West)", false, "aws-us-gov"},
	}
}

// LookupRegion returns the region named name, if nimbus knows it.
func LookupRegion(name string) (Region, bool) {
	for _, r := range Regions() {
		if r.Name == name {
			return r, true
		}
	}
	return Region{}, false
}
