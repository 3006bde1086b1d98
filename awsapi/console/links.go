package console

import (
	"net/url"
	"strings"
)

// Location is what a page shows: a resource type of nimbus's definitions ("instance", "bucket"),
// and the row under the cursor when there is one. For S3, ID is the bucket and Prefix the prefix
// (or the object's key).
type Location struct {
	Service string
	Type    string
	ID      string
	Prefix  string
}

// link is one console page: the list of a type, and the page of one resource when it has one.
// {r} is the region, {id} the resource's id (query-escaped), {logid} a log group name as the
// CloudWatch console spells it in its fragment.
type link struct{ list, one string }

// links is the deep-link table: the types the console has pages for. A type not here opens its
// service's console, and a service not here the console home.
var links = map[string]link{
	"instance":       {"https://{r}.{c}/ec2/home?region={r}#Instances:", "https://{r}.{c}/ec2/home?region={r}#InstanceDetails:instanceId={id}"},
	"volume":         {"https://{r}.{c}/ec2/home?region={r}#Volumes:", "https://{r}.{c}/ec2/home?region={r}#VolumeDetails:volumeId={id}"},
	"snapshot":       {"https://{r}.{c}/ec2/home?region={r}#Snapshots:", "https://{r}.{c}/ec2/home?region={r}#SnapshotDetails:snapshotId={id}"},
	"image":          {"https://{r}.{c}/ec2/home?region={r}#Images:", "https://{r}.{c}/ec2/home?region={r}#ImageDetails:imageId={id}"},
	"security-group": {"https://{r}.{c}/ec2/home?region={r}#SecurityGroups:", "https://{r}.{c}/ec2/home?region={r}#SecurityGroup:groupId={id}"},
	"vpc":            {"https://{r}.{c}/vpcconsole/home?region={r}#vpcs:", "https://{r}.{c}/vpcconsole/home?region={r}#VpcDetails:VpcId={id}"},
	"subnet":         {"https://{r}.{c}/vpcconsole/home?region={r}#subnets:", "https://{r}.{c}/vpcconsole/home?region={r}#SubnetDetails:subnetId={id}"},
	"key-pair":       {"https://{r}.{c}/ec2/home?region={r}#KeyPairs:", ""},
	"bucket":         {"https://s3.{c}/s3/buckets?region={r}", "https://s3.{c}/s3/buckets/{id}?region={r}&prefix={prefix}&showversions=false"},
	"object":         {"https://s3.{c}/s3/buckets?region={r}", "https://s3.{c}/s3/object/{id}?region={r}&prefix={prefix}"},
	"lambda-function": {"https://{r}.{c}/lambda/home?region={r}#/functions",
		"https://{r}.{c}/lambda/home?region={r}#/functions/{id}"},
	"dynamodb-table": {"https://{r}.{c}/dynamodbv2/home?region={r}#tables",
		"https://{r}.{c}/dynamodbv2/home?region={r}#table?name={id}"},
	"log-group": {"https://{r}.{c}/cloudwatch/home?region={r}#logsV2:log-groups",
		"https://{r}.{c}/cloudwatch/home?region={r}#logsV2:log-groups/log-group/{logid}"},
	"iam-user":       {"https://{c}/iam/home#/users", "https://{c}/iam/home#/users/details/{id}"},
	"iam-role":       {"https://{c}/iam/home#/roles", "https://{c}/iam/home#/roles/details/{id}"},
	"iam-group":      {"https://{c}/iam/home#/groups", "https://{c}/iam/home#/groups/details/{id}"},
	"iam-policy":     {"https://{c}/iam/home#/policies", ""},
	"iam-aws-policy": {"https://{c}/iam/home#/policies", ""},
	"sqs-queue":      {"https://{r}.{c}/sqs/v3/home?region={r}#/queues", "https://{r}.{c}/sqs/v3/home?region={r}#/queues/{id}"},
	"sns-topic":      {"https://{r}.{c}/sns/v3/home?region={r}#/topics", "https://{r}.{c}/sns/v3/home?region={r}#/topic/{id}"},
	"cfn-stack":      {"https://{r}.{c}/cloudformation/home?region={r}#/stacks", "https://{r}.{c}/cloudformation/home?region={r}#/stacks/stackinfo?stackId={id}"},
	"db-instance":    {"https://{r}.{c}/rds/home?region={r}#databases:", "https://{r}.{c}/rds/home?region={r}#database:id={id}"},
	"secret":         {"https://{r}.{c}/secretsmanager/listsecrets?region={r}", "https://{r}.{c}/secretsmanager/secret?name={id}&region={r}"},
	"ssm-parameter":  {"https://{r}.{c}/systems-manager/parameters?region={r}", "https://{r}.{c}/systems-manager/parameters/{id}/description?region={r}"},
	"kms-key":        {"https://{r}.{c}/kms/home?region={r}#/kms/keys", "https://{r}.{c}/kms/home?region={r}#/kms/keys/{id}"},
	"ecr-repository": {"https://{r}.{c}/ecr/private-registry/repositories?region={r}", ""},
	"ecs-cluster":    {"https://{r}.{c}/ecs/v2/clusters?region={r}", ""},
	"kinesis-stream": {"https://{r}.{c}/kinesis/home?region={r}#/streams/list", "https://{r}.{c}/kinesis/home?region={r}#/streams/details/{id}/monitoring"},
	"hosted-zone":    {"https://{c}/route53/v2/hostedzones", "https://{c}/route53/v2/hostedzones#ListRecordSets/{id}"},
}

// services are the console paths of services without a type entry above.
var services = map[string]string{
	"ec2": "ec2/home", "s3": "s3/home", "lambda": "lambda/home", "dynamodb": "dynamodbv2/home",
	"logs": "cloudwatch/home", "iam": "iam/home", "sqs": "sqs/v3/home", "sns": "sns/v3/home",
	"cloudformation": "cloudformation/home", "rds": "rds/home", "kms": "kms/home", "ecr": "ecr/home",
	"ecs": "ecs/v2/home", "kinesis": "kinesis/home", "route53": "route53/v2/home",
	"secretsmanager": "secretsmanager/home", "ssm": "systems-manager/home", "sts": "iam/home",
}

// Link is the console URL of loc in region: the resource's page when the console has one and loc
// names a resource, else the type's list, else the service's console, else the console home.
func Link(region string, loc Location) string {
	host := partitionOf(region).console
	l, ok := links[loc.Type]
	pattern := l.list
	if ok && loc.ID != "" && l.one != "" {
		pattern = l.one
	}
	if !ok || pattern == "" {
		if p, ok := services[loc.Service]; ok {
			return "https://" + region + "." + host + "/" + p + "?region=" + url.QueryEscape(region)
		}
		return "https://" + region + "." + host + "/console/home?region=" + url.QueryEscape(region)
	}
	return strings.NewReplacer(
		"{r}", url.QueryEscape(region),
		"{c}", host,
		"{id}", url.PathEscape(loc.ID),
		"{prefix}", url.QueryEscape(loc.Prefix),
		"{logid}", logGroupFragment(loc.ID),
	).Replace(pattern)
}

// logGroupFragment spells a log group name as the CloudWatch console does in its URL fragment:
// escaped, then with every % written $25 ("/aws/lambda/x" → "$252Faws$252Flambda$252Fx").
func logGroupFragment(name string) string {
	return strings.ReplaceAll(url.QueryEscape(name), "%", "$25")
}
