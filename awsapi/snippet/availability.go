package snippet

import "sync"

// cliWithout are the operations the AWS CLI (v1) has no command for, keyed "command Operation":
// event streams, operations its customizations removed, and EMR operations it replaced with
// commands of its own that take other options. TestOptionsMatchAWSCLI keeps the list true.
var cliWithout = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"bedrock-agent-runtime InvokeAgent":                  true,
		"bedrock-agent-runtime InvokeFlow":                   true,
		"bedrock-agent-runtime InvokeInlineAgent":            true,
		"bedrock-agent-runtime OptimizePrompt":               true,
		"bedrock-agent-runtime RetrieveAndGenerateStream":    true,
		"bedrock-agentcore InvokeAgentRuntimeCommand":        true,
		"bedrock-agentcore InvokeCodeInterpreter":            true,
		"bedrock-agentcore InvokeHarness":                    true,
		"bedrock-runtime ConverseStream":                     true,
		"bedrock-runtime InvokeModelWithBidirectionalStream": true,
		"bedrock-runtime InvokeModelWithResponseStream":      true,
		"connecthealth StartMedicalScribeListeningSession":   true,
		"devops-agent SendMessage":                           true,
		"ec2 ImportInstance":                                 true,
		"ec2 ImportVolume":                                   true,
		"emr AddInstanceGroups":                              true,
		"emr AddJobFlowSteps":                                true,
		"emr DescribeCluster":                                true,
		"emr DescribeJobFlows":                               true,
		"emr ListBootstrapActions":                           true,
		"emr ListInstanceGroups":                             true,
		"emr RunJobFlow":                                     true,
		"emr SetKeepJobFlowAliveWhenNoSteps":                 true,
		"emr SetTerminationProtection":                       true,
		"emr SetUnhealthyNodeReplacement":                    true,
		"emr SetVisibleToAllUsers":                           true,
		"emr TerminateJobFlows":                              true,
		"iotsitewise InvokeAssistant":                        true,
		"kinesis SubscribeToShard":                           true,
		"lambda InvokeWithResponseStream":                    true,
		"lexv2-runtime StartConversation":                    true,
		"logs GetLogObject":                                  true,
		"logs StartLiveTail":                                 true,
		"polly StartSpeechSynthesisStream":                   true,
		"qbusiness Chat":                                     true,
		"sagemaker-runtime InvokeEndpointWithResponseStream": true,
		"ses DeleteVerifiedEmailAddress":                     true,
		"ses ListVerifiedEmailAddresses":                     true,
		"ses VerifyEmailAddress":                             true,
	}
})

// HasCLICommand reports whether the AWS CLI has a command that makes the call op of service
// (botocore names). When it has none, AWSCLI still writes the command the CLI's rules would give,
// which the CLI refuses: show the boto3 snippet instead.
func HasCLICommand(service, op string) bool {
	return !cliWithout()[CLIService(service)+" "+op]
}
