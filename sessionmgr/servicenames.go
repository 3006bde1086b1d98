package sessionmgr

import "strings"

// serviceIDNames lists the SDK/botocore service ids whose botocore name is not the id lower-cased with
// spaces turned into hyphens ("SSO OIDC" → "sso-oidc" follows the rule; "CloudWatch Logs" → "logs" does
// not). Generated from botocore 1.43's data (metadata.serviceId of each service-2.json); a test checks
// it against the installed botocore.
var serviceIDNames = map[string]string{
	"API Gateway":                     "apigateway",
	"Application Auto Scaling":        "application-autoscaling",
	"App Mesh":                        "appmesh",
	"Auto Scaling":                    "autoscaling",
	"Auto Scaling Plans":              "autoscaling-plans",
	"Cost Explorer":                   "ce",
	"CloudHSM V2":                     "cloudhsmv2",
	"CloudSearch Domain":              "cloudsearchdomain",
	"Cognito Identity Provider":       "cognito-idp",
	"Config Service":                  "config",
	"Cost and Usage Report Service":   "cur",
	"Data Pipeline":                   "datapipeline",
	"Device Farm":                     "devicefarm",
	"Direct Connect":                  "directconnect",
	"Application Discovery Service":   "discovery",
	"Database Migration Service":      "dms",
	"Directory Service":               "ds",
	"Directory Service Data":          "ds-data",
	"DynamoDB Streams":                "dynamodbstreams",
	"Elastic Beanstalk":               "elasticbeanstalk",
	"Elastic Load Balancing":          "elb",
	"Elastic Load Balancing v2":       "elbv2",
	"Elasticsearch Service":           "es",
	"EventBridge":                     "events",
	"Global Accelerator":              "globalaccelerator",
	"IoT Data Plane":                  "iot-data",
	"IoT Jobs Data Plane":             "iot-jobs-data",
	"IoT Events":                      "iotevents",
	"IoT Events Data":                 "iotevents-data",
	"IoT Wireless":                    "iotwireless",
	"Kinesis Analytics":               "kinesisanalytics",
	"Kinesis Analytics V2":            "kinesisanalyticsv2",
	"Kinesis Video":                   "kinesisvideo",
	"Lex Model Building Service":      "lex-models",
	"Lex Runtime Service":             "lex-runtime",
	"Lex Models V2":                   "lexv2-models",
	"Lex Runtime V2":                  "lexv2-runtime",
	"CloudWatch Logs":                 "logs",
	"Machine Learning":                "machinelearning",
	"Marketplace Entitlement Service": "marketplace-entitlement",
	"Marketplace Commerce Analytics":  "marketplacecommerceanalytics",
	"Marketplace Metering":            "meteringmarketplace",
	"Migration Hub":                   "mgh",
	"Resource Groups Tagging API":     "resourcegroupstaggingapi",
	"Route 53":                        "route53",
	"Route 53 Domains":                "route53domains",
	"S3 Control":                      "s3control",
	"SimpleDB":                        "sdb",
	"Secrets Manager":                 "secretsmanager",
	"ServerlessApplicationRepository": "serverlessrepo",
	"Service Catalog":                 "servicecatalog",
	"Service Catalog AppRegistry":     "servicecatalog-appregistry",
	"Pinpoint SMS Voice":              "sms-voice",
	"SFN":                             "stepfunctions",
	"Storage Gateway":                 "storagegateway",
}

// botocoreName maps an SDK service id ("S3", "SSO OIDC") to botocore's name ("s3", "sso-oidc"), the
// name awsapi/readonly expects.
func botocoreName(serviceID string) string {
	if n, ok := serviceIDNames[serviceID]; ok {
		return n
	}
	return strings.ReplaceAll(strings.ToLower(serviceID), " ", "-")
}
