package readonly

import "sync"

// Exception is a reviewed decision that overrides the naming rule for one operation. With When
// set it applies only to calls whose input member When is true (WithDecryption, AutoCreate…);
// conditional entries are tried in order after the unconditional one.
//
// Every entry must change the outcome: TestExceptionsAreNeeded fails on one the rule already
// gives, and table.tsv (checked by TestTableInStep) fails when an entry is deleted.
type Exception struct {
	Service, Operation string
	When               string // an input member that must be true; "" for every call
	Class              Class
	Reason             string
}

const (
	rsCreds   = "returns temporary credentials"
	rsToken   = "returns a bearer token"
	rsURL     = "returns a presigned or sign-in URL that grants access to whoever holds it"
	rsDecrypt = "returns the decrypted value"
	pureCalc  = "computes an answer from its input; stores nothing"
	pureTest  = "tests its input against a definition; stores nothing"
	inference = "runs a model on its input and returns the result; stores nothing"
)

// exceptions is the reviewed list (issue 7). Keep it sorted by service, then operation.
var exceptions = []Exception{
	// Names that look like reads but change state.
	{Service: "apigatewayv2", Operation: "PreviewPortal", Class: Mutate, Reason: "creates a portal preview"},
	{Service: "cloudformation", Operation: "DetectStackDrift", Class: Mutate, Reason: "starts a drift detection operation and records the stack's drift status"},
	{Service: "cloudformation", Operation: "DetectStackResourceDrift", Class: Mutate, Reason: "records the resource's drift status"},
	{Service: "cloudformation", Operation: "DetectStackSetDrift", Class: Mutate, Reason: "starts a stack set operation that records drift on every instance"},
	{Service: "cognito-identity", Operation: "GetCredentialsForIdentity", Class: Mutate, Reason: "may link the given logins to the identity; returns credentials"},
	{Service: "cognito-identity", Operation: "GetId", Class: Mutate, Reason: "creates the identity when it does not exist"},
	{Service: "cognito-identity", Operation: "GetOpenIdToken", Class: Mutate, Reason: "may link the given logins to the identity; returns a token"},
	{Service: "cognito-identity", Operation: "GetOpenIdTokenForDeveloperIdentity", Class: Mutate, Reason: "registers the developer identity when it is new"},
	{Service: "cognito-idp", Operation: "GetTokensFromRefreshToken", Class: Mutate, Reason: "issues new tokens and may rotate (revoke) the refresh token"},
	{Service: "cognito-idp", Operation: "GetUserAttributeVerificationCode", Class: Mutate, Reason: "sends a verification code by email or SMS"},
	{Service: "devops-agent", Operation: "ValidateAwsAssociations", Class: Mutate, Reason: "sets the associations' validation status"},
	{Service: "importexport", Operation: "GetShippingLabel", Class: Mutate, Reason: "generates a pre-paid shipping label"},
	{Service: "license-manager", Operation: "CheckInLicense", Class: Mutate, Reason: "checks a license back in, releasing its entitlements"},
	{Service: "lightsail", Operation: "DownloadDefaultKeyPair", Class: Mutate, Reason: "creates the region's default key pair when missing; returns its private key"},
	{Service: "lightsail", Operation: "GetInstanceAccessDetails", Class: Mutate, Reason: "creates temporary SSH keys for the instance; returns them"},
	{Service: "redshift", Operation: "GetClusterCredentials", When: "AutoCreate", Class: Mutate, Reason: "AutoCreate creates the database user"},
	{Service: "sagemaker", Operation: "GetScalingConfigurationRecommendation", Class: Mutate, Reason: "starts an Inference Recommender job"},
	{Service: "stepfunctions", Operation: "GetActivityTask", Class: Mutate, Reason: "claims a scheduled task for the caller (a worker's long poll)"},
	{Service: "xray", Operation: "GetSamplingTargets", Class: Mutate, Reason: "reports sampling statistics and takes a share of the sampling quota"},

	// Secrets: allowed under --readonly, shown only on an explicit, confirmed reveal.
	{Service: "apigateway", Operation: "GetApiKey", When: "includeValue", Class: RevealsSecret, Reason: "includeValue returns the API key"},
	{Service: "apigateway", Operation: "GetApiKeys", When: "includeValues", Class: RevealsSecret, Reason: "includeValues returns the API keys"},
	{Service: "appsync", Operation: "ListApiKeys", Class: RevealsSecret, Reason: "an API key's id is the key"},
	{Service: "athena", Operation: "GetSessionEndpoint", Class: RevealsSecret, Reason: "returns an authentication token for the session"},
	{Service: "auditmanager", Operation: "GetEvidenceFileUploadUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "bedrock-agentcore", Operation: "GetResourceApiKey", Class: RevealsSecret, Reason: "returns the stored API key"},
	{Service: "bedrock-agentcore", Operation: "GetResourceOauth2Token", Class: RevealsSecret, Reason: rsToken},
	{Service: "bedrock-agentcore", Operation: "GetResourcePaymentToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "bedrock-agentcore", Operation: "GetWorkloadAccessToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "bedrock-agentcore", Operation: "GetWorkloadAccessTokenForJWT", Class: RevealsSecret, Reason: rsToken},
	{Service: "bedrock-agentcore", Operation: "GetWorkloadAccessTokenForUserId", Class: RevealsSecret, Reason: rsToken},
	{Service: "codeartifact", Operation: "GetAuthorizationToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "cognito-idp", Operation: "DescribeUserPoolClient", Class: RevealsSecret, Reason: "returns the app client's secret"},
	{Service: "connect", Operation: "GetFederationToken", Class: RevealsSecret, Reason: rsCreds},
	{Service: "datazone", Operation: "GetEnvironmentCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "datazone", Operation: "GetIamPortalLoginUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "deadline", Operation: "AssumeFleetRoleForRead", Class: RevealsSecret, Reason: rsCreds},
	{Service: "deadline", Operation: "AssumeFleetRoleForWorker", Class: RevealsSecret, Reason: rsCreds},
	{Service: "deadline", Operation: "AssumeQueueRoleForRead", Class: RevealsSecret, Reason: rsCreds},
	{Service: "deadline", Operation: "AssumeQueueRoleForUser", Class: RevealsSecret, Reason: rsCreds},
	{Service: "deadline", Operation: "AssumeQueueRoleForWorker", Class: RevealsSecret, Reason: rsCreds},
	{Service: "ec2", Operation: "GetPasswordData", Class: RevealsSecret, Reason: "returns the Windows administrator password (encrypted with the key pair)"},
	{Service: "ecr", Operation: "GetAuthorizationToken", Class: RevealsSecret, Reason: "returns a registry password"},
	{Service: "ecr-public", Operation: "GetAuthorizationToken", Class: RevealsSecret, Reason: "returns a registry password"},
	{Service: "eks-auth", Operation: "AssumeRoleForPodIdentity", Class: RevealsSecret, Reason: rsCreds},
	{Service: "emr", Operation: "GetClusterSessionCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "emr", Operation: "GetOnClusterAppUIPresignedURL", Class: RevealsSecret, Reason: rsURL},
	{Service: "emr", Operation: "GetPersistentAppUIPresignedURL", Class: RevealsSecret, Reason: rsURL},
	{Service: "emr-containers", Operation: "GetManagedEndpointSessionCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "emr-serverless", Operation: "GetDashboardForJobRun", Class: RevealsSecret, Reason: rsURL},
	{Service: "emr-serverless", Operation: "GetSessionEndpoint", Class: RevealsSecret, Reason: "returns an authentication token for the session"},
	{Service: "finspace", Operation: "GetKxConnectionString", Class: RevealsSecret, Reason: "returns a connection string with credentials"},
	{Service: "finspace-data", Operation: "GetExternalDataViewAccessDetails", Class: RevealsSecret, Reason: rsCreds},
	{Service: "finspace-data", Operation: "GetProgrammaticAccessCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "gamelift", Operation: "GetComputeAccess", Class: RevealsSecret, Reason: rsCreds},
	{Service: "gamelift", Operation: "GetComputeAuthToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "gamelift", Operation: "GetInstanceAccess", Class: RevealsSecret, Reason: "returns the instance's sign-in credentials"},
	{Service: "glue", Operation: "GetConnection", Class: RevealsSecret, Reason: "returns the connection's password unless HidePassword is set"},
	{Service: "glue", Operation: "GetConnection", When: "HidePassword", Class: Read, Reason: "HidePassword leaves the password out"},
	{Service: "glue", Operation: "GetConnections", Class: RevealsSecret, Reason: "returns the connections' passwords unless HidePassword is set"},
	{Service: "glue", Operation: "GetConnections", When: "HidePassword", Class: Read, Reason: "HidePassword leaves the passwords out"},
	{Service: "kinesis-video-archived-media", Operation: "GetDASHStreamingSessionURL", Class: RevealsSecret, Reason: rsURL},
	{Service: "kinesis-video-archived-media", Operation: "GetHLSStreamingSessionURL", Class: RevealsSecret, Reason: rsURL},
	{Service: "kinesis-video-signaling", Operation: "GetIceServerConfig", Class: RevealsSecret, Reason: "returns TURN server credentials"},
	{Service: "kms", Operation: "Decrypt", Class: RevealsSecret, Reason: rsDecrypt},
	{Service: "kms", Operation: "DeriveSharedSecret", Class: RevealsSecret, Reason: "returns the derived shared secret"},
	{Service: "kms", Operation: "GenerateDataKey", Class: RevealsSecret, Reason: "returns a plaintext data key"},
	{Service: "kms", Operation: "GenerateDataKeyPair", Class: RevealsSecret, Reason: "returns a plaintext private key"},
	{Service: "lakeformation", Operation: "GetTemporaryDataLocationCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "lakeformation", Operation: "GetTemporaryGluePartitionCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "lakeformation", Operation: "GetTemporaryGlueTableCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "license-manager", Operation: "GetAccessToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "lightsail", Operation: "GetRelationalDatabaseMasterUserPassword", Class: RevealsSecret, Reason: "returns the database master password"},
	{Service: "m2", Operation: "GetSignedBluinsightsUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "payment-cryptography-data", Operation: "DecryptData", Class: RevealsSecret, Reason: rsDecrypt},
	{Service: "pca-connector-scep", Operation: "GetChallengePassword", Class: RevealsSecret, Reason: "returns the challenge password"},
	{Service: "quicksight", Operation: "GenerateEmbedUrlForAnonymousUser", Class: RevealsSecret, Reason: rsURL},
	{Service: "quicksight", Operation: "GenerateEmbedUrlForRegisteredUser", Class: RevealsSecret, Reason: rsURL},
	{Service: "quicksight", Operation: "GenerateEmbedUrlForRegisteredUserWithIdentity", Class: RevealsSecret, Reason: rsURL},
	{Service: "quicksight", Operation: "GetDashboardEmbedUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "quicksight", Operation: "GetSessionEmbedUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "redshift", Operation: "GetClusterCredentials", Class: RevealsSecret, Reason: "returns a temporary database password"},
	{Service: "redshift", Operation: "GetClusterCredentialsWithIAM", Class: RevealsSecret, Reason: "returns a temporary database password"},
	{Service: "redshift", Operation: "GetIdentityCenterAuthToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "redshift-serverless", Operation: "GetCredentials", Class: RevealsSecret, Reason: "returns a temporary database password"},
	{Service: "redshift-serverless", Operation: "GetIdentityCenterAuthToken", Class: RevealsSecret, Reason: rsToken},
	{Service: "route53domains", Operation: "RetrieveDomainAuthCode", Class: RevealsSecret, Reason: "returns the domain's transfer authorization code"},
	{Service: "s3control", Operation: "GetDataAccess", Class: RevealsSecret, Reason: rsCreds},
	{Service: "secretsmanager", Operation: "BatchGetSecretValue", Class: RevealsSecret, Reason: "returns the secrets' values"},
	{Service: "secretsmanager", Operation: "GetSecretValue", Class: RevealsSecret, Reason: "returns the secret's value"},
	{Service: "security-ir", Operation: "GetCaseAttachmentUploadUrl", Class: RevealsSecret, Reason: rsURL},
	{Service: "ssm", Operation: "GetAccessToken", Class: RevealsSecret, Reason: rsCreds},
	{Service: "ssm", Operation: "GetParameter", When: "WithDecryption", Class: RevealsSecret, Reason: "WithDecryption returns a SecureString's value"},
	{Service: "ssm", Operation: "GetParameterHistory", When: "WithDecryption", Class: RevealsSecret, Reason: "WithDecryption returns SecureString values"},
	{Service: "ssm", Operation: "GetParameters", When: "WithDecryption", Class: RevealsSecret, Reason: "WithDecryption returns SecureString values"},
	{Service: "ssm", Operation: "GetParametersByPath", When: "WithDecryption", Class: RevealsSecret, Reason: "WithDecryption returns SecureString values"},
	{Service: "sso", Operation: "GetRoleCredentials", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sso-oidc", Operation: "CreateToken", Class: RevealsSecret, Reason: "sign-in: returns access and refresh tokens"},
	{Service: "sso-oidc", Operation: "RegisterClient", Class: RevealsSecret, Reason: "sign-in: returns a client secret"},
	{Service: "sso-oidc", Operation: "StartDeviceAuthorization", Class: RevealsSecret, Reason: "sign-in: returns a device code"},
	{Service: "storagegateway", Operation: "DescribeChapCredentials", Class: RevealsSecret, Reason: "returns CHAP secrets"},
	{Service: "sts", Operation: "AssumeRole", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "AssumeRoleWithSAML", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "AssumeRoleWithWebIdentity", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "AssumeRoot", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "GetDelegatedAccessToken", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "GetFederationToken", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "GetSessionToken", Class: RevealsSecret, Reason: rsCreds},
	{Service: "sts", Operation: "GetWebIdentityToken", Class: RevealsSecret, Reason: "returns a signed token of the caller's identity"},
	{Service: "wafv2", Operation: "GetDecryptedAPIKey", Class: RevealsSecret, Reason: "returns the API key decrypted"},

	// Names that look like mutations but only read.
	{Service: "apigatewayv2", Operation: "ExportApi", Class: Read, Reason: "returns the API's definition"},
	{Service: "appsync", Operation: "EvaluateCode", Class: Read, Reason: pureCalc},
	{Service: "appsync", Operation: "EvaluateMappingTemplate", Class: Read, Reason: pureCalc},
	{Service: "b2bi", Operation: "TestConversion", Class: Read, Reason: pureTest},
	{Service: "b2bi", Operation: "TestMapping", Class: Read, Reason: pureTest},
	{Service: "b2bi", Operation: "TestParsing", Class: Read, Reason: pureTest},
	{Service: "backup", Operation: "ExportBackupPlanTemplate", Class: Read, Reason: "returns the plan as a template"},
	{Service: "bedrock-agent-runtime", Operation: "Rerank", Class: Read, Reason: inference},
	{Service: "bedrock-agent-runtime", Operation: "Retrieve", Class: Read, Reason: "queries a knowledge base"},
	{Service: "bedrock-agentcore", Operation: "RetrieveMemoryRecords", Class: Read, Reason: "searches memory records"},
	{Service: "cloudfront", Operation: "TestConnectionFunction", Class: Read, Reason: pureTest},
	{Service: "cloudfront", Operation: "TestFunction", Class: Read, Reason: pureTest},
	{Service: "cloudfront", Operation: "VerifyDnsConfiguration", Class: Read, Reason: "looks up DNS records"},
	{Service: "cloudsearchdomain", Operation: "Suggest", Class: Read, Reason: "returns search suggestions"},
	{Service: "codecatalyst", Operation: "VerifySession", Class: Read, Reason: "returns whether the session is valid"},
	{Service: "codecommit", Operation: "EvaluatePullRequestApprovalRules", Class: Read, Reason: pureCalc},
	{Service: "cognito-idp", Operation: "AdminGetDevice", Class: Read, Reason: "returns a user's device"},
	{Service: "cognito-idp", Operation: "AdminGetUser", Class: Read, Reason: "returns a user's profile"},
	{Service: "cognito-idp", Operation: "AdminListDevices", Class: Read, Reason: "lists a user's devices"},
	{Service: "cognito-idp", Operation: "AdminListGroupsForUser", Class: Read, Reason: "lists a user's groups"},
	{Service: "cognito-idp", Operation: "AdminListUserAuthEvents", Class: Read, Reason: "lists a user's sign-in events"},
	{Service: "comprehend", Operation: "ClassifyDocument", Class: Read, Reason: inference},
	{Service: "comprehend", Operation: "ContainsPiiEntities", Class: Read, Reason: inference},
	{Service: "comprehendmedical", Operation: "InferICD10CM", Class: Read, Reason: inference},
	{Service: "comprehendmedical", Operation: "InferRxNorm", Class: Read, Reason: inference},
	{Service: "comprehendmedical", Operation: "InferSNOMEDCT", Class: Read, Reason: inference},
	{Service: "connect", Operation: "EvaluateDataTableValues", Class: Read, Reason: pureCalc},
	{Service: "datapipeline", Operation: "EvaluateExpression", Class: Read, Reason: pureCalc},
	{Service: "dynamodb", Operation: "TransactGetItems", Class: Read, Reason: "reads items in a transaction"},
	{Service: "ec2", Operation: "ExportClientVpnClientCertificateRevocationList", Class: Read, Reason: "returns the revocation list"},
	{Service: "ec2", Operation: "ExportClientVpnClientConfiguration", Class: Read, Reason: "returns the configuration file"},
	{Service: "ec2", Operation: "ExportVerifiedAccessInstanceClientConfiguration", Class: Read, Reason: "returns the configuration"},
	{Service: "ecr", Operation: "BatchCheckLayerAvailability", Class: Read, Reason: "checks which layers exist"},
	{Service: "ecr-public", Operation: "BatchCheckLayerAvailability", Class: Read, Reason: "checks which layers exist"},
	{Service: "elasticbeanstalk", Operation: "RetrieveEnvironmentInfo", Class: Read, Reason: "returns information a RequestEnvironmentInfo gathered"},
	{Service: "events", Operation: "TestEventPattern", Class: Read, Reason: pureTest},
	{Service: "gamelift", Operation: "ResolveAlias", Class: Read, Reason: "returns the fleet an alias points to"},
	{Service: "geo-places", Operation: "Autocomplete", Class: Read, Reason: pureCalc},
	{Service: "geo-places", Operation: "Geocode", Class: Read, Reason: pureCalc},
	{Service: "geo-places", Operation: "ReverseGeocode", Class: Read, Reason: pureCalc},
	{Service: "geo-places", Operation: "Suggest", Class: Read, Reason: pureCalc},
	{Service: "geo-routes", Operation: "OptimizeWaypoints", Class: Read, Reason: pureCalc},
	{Service: "geo-routes", Operation: "SnapToRoads", Class: Read, Reason: pureCalc},
	{Service: "greengrassv2", Operation: "ResolveComponentCandidates", Class: Read, Reason: "returns matching components"},
	{Service: "iot", Operation: "TestAuthorization", Class: Read, Reason: "evaluates policies; stores nothing"},
	{Service: "kendra", Operation: "Retrieve", Class: Read, Reason: "queries an index"},
	{Service: "kendra-ranking", Operation: "Rescore", Class: Read, Reason: inference},
	{Service: "kinesisanalytics", Operation: "DiscoverInputSchema", Class: Read, Reason: "samples a source and infers its schema"},
	{Service: "kinesisanalyticsv2", Operation: "DiscoverInputSchema", Class: Read, Reason: "samples a source and infers its schema"},
	{Service: "kms", Operation: "Encrypt", Class: Read, Reason: "returns ciphertext; stores nothing"},
	{Service: "kms", Operation: "GenerateDataKeyPairWithoutPlaintext", Class: Read, Reason: "returns only the encrypted private key"},
	{Service: "kms", Operation: "GenerateDataKeyWithoutPlaintext", Class: Read, Reason: "returns only the encrypted data key"},
	{Service: "kms", Operation: "GenerateMac", Class: Read, Reason: pureCalc},
	{Service: "kms", Operation: "GenerateRandom", Class: Read, Reason: "returns random bytes"},
	{Service: "kms", Operation: "ReEncrypt", Class: Read, Reason: "returns ciphertext under another key; stores nothing"},
	{Service: "kms", Operation: "Sign", Class: Read, Reason: "returns a signature; stores nothing"},
	{Service: "kms", Operation: "Verify", Class: Read, Reason: pureCalc},
	{Service: "kms", Operation: "VerifyMac", Class: Read, Reason: pureCalc},
	{Service: "location", Operation: "ForecastGeofenceEvents", Class: Read, Reason: pureCalc},
	{Service: "location", Operation: "VerifyDevicePosition", Class: Read, Reason: pureCalc},
	{Service: "logs", Operation: "StartLiveTail", Class: Read, Reason: "streams log events; stores nothing"},
	// A Logs Insights query changes no resource: results live with the query for 7 days and
	// are read back with GetQueryResults (Athena's StartQueryExecution, by contrast, writes its
	// results to S3 and stays mutate; CloudTrail Lake's StartQuery may deliver to S3 too).
	{Service: "logs", Operation: "StartQuery", Class: Read, Reason: "runs a Logs Insights query; stores nothing but the query's own results"},
	{Service: "logs", Operation: "StopQuery", Class: Read, Reason: "stops a running query of this caller; changes no resource"},
	{Service: "logs", Operation: "TestMetricFilter", Class: Read, Reason: pureTest},
	{Service: "logs", Operation: "TestTransformer", Class: Read, Reason: pureTest},
	{Service: "machinelearning", Operation: "Predict", Class: Read, Reason: inference},
	{Service: "macie2", Operation: "TestCustomDataIdentifier", Class: Read, Reason: pureTest},
	{Service: "mediaconvert", Operation: "Probe", Class: Read, Reason: "reads media file metadata"},
	{Service: "observabilityadmin", Operation: "TestTelemetryPipeline", Class: Read, Reason: pureTest},
	{Service: "payment-cryptography-data", Operation: "EncryptData", Class: Read, Reason: "returns ciphertext; stores nothing"},
	{Service: "payment-cryptography-data", Operation: "GenerateMac", Class: Read, Reason: pureCalc},
	{Service: "payment-cryptography-data", Operation: "VerifyMac", Class: Read, Reason: pureCalc},
	{Service: "pinpoint", Operation: "PhoneNumberValidate", Class: Read, Reason: "returns information about a phone number"},
	{Service: "pinpoint-sms-voice-v2", Operation: "CarrierLookup", Class: Read, Reason: "returns information about a phone number"},
	{Service: "polly", Operation: "SynthesizeSpeech", Class: Read, Reason: inference},
	{Service: "qconnect", Operation: "RenderMessageTemplate", Class: Read, Reason: pureCalc},
	{Service: "qconnect", Operation: "Retrieve", Class: Read, Reason: "queries knowledge sources"},
	{Service: "rekognition", Operation: "CompareFaces", Class: Read, Reason: inference},
	{Service: "rekognition", Operation: "RecognizeCelebrities", Class: Read, Reason: inference},
	{Service: "route53", Operation: "TestDNSAnswer", Class: Read, Reason: "returns the answer Route 53 would give"},
	{Service: "route53domains", Operation: "ViewBilling", Class: Read, Reason: "returns billing records"},
	{Service: "sagemaker", Operation: "RenderUiTemplate", Class: Read, Reason: pureCalc},
	{Service: "schemas", Operation: "ExportSchema", Class: Read, Reason: "returns the schema"},
	{Service: "servicediscovery", Operation: "DiscoverInstances", Class: Read, Reason: "returns registered instances"},
	{Service: "servicediscovery", Operation: "DiscoverInstancesRevision", Class: Read, Reason: "returns the instances' revision"},
	{Service: "sdb", Operation: "DomainMetadata", Class: Read, Reason: "returns a domain's metadata"},
	{Service: "ses", Operation: "TestRenderTemplate", Class: Read, Reason: pureCalc},
	{Service: "sesv2", Operation: "TestRenderEmailTemplate", Class: Read, Reason: pureCalc},
	{Service: "sts", Operation: "DecodeAuthorizationMessage", Class: Read, Reason: "decodes an error's authorization details; stores nothing"},
	{Service: "textract", Operation: "AnalyzeDocument", Class: Read, Reason: inference},
	{Service: "textract", Operation: "AnalyzeExpense", Class: Read, Reason: inference},
	{Service: "textract", Operation: "AnalyzeID", Class: Read, Reason: inference},
	{Service: "translate", Operation: "TranslateDocument", Class: Read, Reason: inference},
	{Service: "translate", Operation: "TranslateText", Class: Read, Reason: inference},
	{Service: "wafv2", Operation: "GenerateMobileSdkReleaseUrl", Class: Read, Reason: "returns a download URL for a public SDK release"},
	{Service: "wellarchitected", Operation: "ExportLens", Class: Read, Reason: "returns the lens"},
	{Service: "wickr", Operation: "BatchLookupUserUname", Class: Read, Reason: "looks up users"},
}

// byOperation indexes exceptions by "service.Operation", keeping their order; built on first
// use, not at start-up.
var byOperation = sync.OnceValue(func() map[string][]Exception {
	m := make(map[string][]Exception, len(exceptions))
	for _, e := range exceptions {
		k := e.Service + "." + e.Operation
		m[k] = append(m[k], e)
	}
	return m
})

func exceptionsFor(service, operation string) []Exception {
	return byOperation()[service+"."+operation]
}

// Exceptions returns a copy of the reviewed list.
func Exceptions() []Exception {
	return append([]Exception(nil), exceptions...)
}
