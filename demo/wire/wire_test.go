package wire

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nimbus-tui/nimbus/awsapi/model"
)

func signed(req *http.Request, service string) *http.Request {
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/eu-west-1/"+service+"/aws4_request, SignedHeaders=host, Signature=0")
	return req
}

// The request names the service and operation; the most literal URI template wins; services
// sharing a signing name are told apart by the protocol's marks.
func TestIdentify(t *testing.T) {
	r := NewRouter(model.Default())
	for _, c := range []struct {
		name, method, url, signer, target, form string
		service, op                             string
	}{
		{name: "rest-json literal segment beats a label", method: "GET", url: "/2015-03-31/functions/f1/configuration", signer: "lambda", service: "lambda", op: "GetFunctionConfiguration"},
		{name: "rest-json label", method: "GET", url: "/2015-03-31/functions/f1", signer: "lambda", service: "lambda", op: "GetFunction"},
		{name: "rest-json collection", method: "GET", url: "/2015-03-31/functions", signer: "lambda", service: "lambda", op: "ListFunctions"},
		{name: "json with a dotted target prefix", method: "POST", url: "/", signer: "cloudtrail", target: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails", service: "cloudtrail", op: "DescribeTrails"},
		{name: "json: dynamodb, not dynamodbstreams", method: "POST", url: "/", signer: "dynamodb", target: "DynamoDB_20120810.ListTables", service: "dynamodb", op: "ListTables"},
		{name: "json: dynamodbstreams by its target", method: "POST", url: "/", signer: "dynamodb", target: "DynamoDBStreams_20120810.ListStreams", service: "dynamodbstreams", op: "ListStreams"},
		{name: "query: rds before docdb and neptune", method: "POST", url: "/", signer: "rds", form: "Action=DescribeDBClusters&Version=2014-10-31", service: "rds", op: "DescribeDBClusters"},
		{name: "ec2", method: "POST", url: "/", signer: "ec2", form: "Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-1&Filter.1.Name=tag%3AName&Filter.1.Value.1=web", service: "ec2", op: "DescribeInstances"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body string
			req := httptest.NewRequest(c.method, c.url, strings.NewReader(c.form))
			if c.target != "" {
				req.Header.Set("X-Amz-Target", c.target)
				body = "{}"
			}
			if c.form != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				body = c.form
			}
			got, err := r.Identify(signed(req, c.signer), []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			if got.Service.Name != c.service || got.Operation.Name != c.op || got.Region != "eu-west-1" {
				t.Errorf("identified %s %s in %s", got.Service.Name, got.Operation.Name, got.Region)
			}
			if c.service == "ec2" {
				ids, _ := got.Input["InstanceIds"].([]any)
				f, _ := got.Input["Filters"].([]any)
				if len(ids) != 1 || len(f) != 1 || f[0].(map[string]any)["Values"].([]any)[0] != "web" {
					t.Errorf("ec2 input decoded as %v", got.Input)
				}
			}
		})
	}
}
