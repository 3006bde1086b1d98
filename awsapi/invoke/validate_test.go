package invoke

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestValidationNamesTheField(t *testing.T) {
	rec := &recorder{body: "{}"}
	inv := New(goldenConfig(rec), loadModel(t, "dynamodb"), Options{})
	cases := []struct {
		name  string
		input map[string]any
		want  []string
	}{
		{"missing required", map[string]any{"TableName": "t", "AttributeDefinitions": []any{},
			"KeySchema": []any{map[string]any{"KeyType": "HASH"}}},
			[]string{"Input.KeySchema[0].AttributeName: required"}},
		{"wrong types", map[string]any{"TableName": 5, "AttributeDefinitions": "x",
			"KeySchema": []any{map[string]any{"AttributeName": "a", "KeyType": "HASH"}}},
			[]string{"Input.TableName: expected a string, got a number", "Input.AttributeDefinitions: expected a list, got a string"}},
		{"unknown field", map[string]any{"TableName": "tab", "AttributeDefinitions": []any{}, "Bogus": true,
			"KeySchema": []any{map[string]any{"AttributeName": "a", "KeyType": "HASH", "Extra": 1}}},
			[]string{"Input.Bogus: unknown field", "Input.KeySchema[0].Extra: unknown field"}},
		{"below minimum length", map[string]any{"TableName": "t", "AttributeDefinitions": []any{},
			"KeySchema":             []any{map[string]any{"AttributeName": "a", "KeyType": "HASH"}},
			"ProvisionedThroughput": map[string]any{"ReadCapacityUnits": 1.5, "WriteCapacityUnits": 1}},
			[]string{"Input.ProvisionedThroughput.ReadCapacityUnits: expected an integer"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := inv.Call(context.Background(), "CreateTable", tc.input)
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			if len(verr.Problems) != len(tc.want) {
				t.Errorf("problems %q, want %d of them", verr.Problems, len(tc.want))
			}
		})
	}
	if rec.count() != 0 {
		t.Fatalf("%d requests sent for invalid input", rec.count())
	}
}

func TestUnknownEnumWarnsAndSends(t *testing.T) {
	rec := &recorder{body: "{}"}
	inv := New(goldenConfig(rec), loadModel(t, "dynamodb"), Options{})
	res, err := inv.Invoke(context.Background(), "Scan", map[string]any{"TableName": "tab", "Select": "EVERYTHING"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `Input.Select: "EVERYTHING" is not a known value`) {
		t.Fatalf("warnings: %q", res.Warnings)
	}
	if !strings.Contains(string(rec.last(t).Body), `"Select":"EVERYTHING"`) {
		t.Fatalf("body: %s", rec.last(t).Body)
	}
}

func TestIdempotencyTokenIsFilled(t *testing.T) {
	rec := &recorder{body: `<RunInstancesResponse><reservationId>r-1</reservationId></RunInstancesResponse>`}
	inv := New(goldenConfig(rec), loadModel(t, "ec2"), Options{})
	input := map[string]any{"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1}
	if _, err := inv.Call(context.Background(), "RunInstances", input); err != nil {
		t.Fatal(err)
	}
	body := string(rec.last(t).Body)
	uuid := regexp.MustCompile(`ClientToken=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}(&|$)`)
	if !uuid.MatchString(body) {
		t.Fatalf("no UUID ClientToken in %s", body)
	}
	if _, set := input["ClientToken"]; set {
		t.Fatal("the caller's input map was modified")
	}
	if _, err := inv.Call(context.Background(), "RunInstances", map[string]any{"ImageId": "ami-1", "MinCount": 1,
		"MaxCount": 1, "ClientToken": "mine"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rec.last(t).Body), "ClientToken=mine") {
		t.Fatalf("a given token must be kept: %s", rec.last(t).Body)
	}
}

func TestTimestampsAndBlobsPerProtocol(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	t.Run("awsJson epoch seconds, blob base64", func(t *testing.T) {
		rec := &recorder{body: `{}`}
		inv := New(goldenConfig(rec), loadModel(t, "kinesis"), Options{})
		if _, err := inv.Call(context.Background(), "GetShardIterator", map[string]any{"StreamName": "s",
			"ShardId": "shardId-0", "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": "2026-01-02T03:04:05Z"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(rec.last(t).Body), `"Timestamp":1767323045`) {
			t.Fatalf("body: %s", rec.last(t).Body)
		}
		if _, err := inv.Call(context.Background(), "PutRecord", map[string]any{"StreamName": "s",
			"PartitionKey": "p", "Data": []byte("hi")}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(rec.last(t).Body), `"Data":"aGk="`) {
			t.Fatalf("body: %s", rec.last(t).Body)
		}
	})
	t.Run("query ISO 8601", func(t *testing.T) {
		rec := &recorder{body: `<GetMetricStatisticsResponse><GetMetricStatisticsResult></GetMetricStatisticsResult></GetMetricStatisticsResponse>`}
		svc := *loadModel(t, "cloudwatch")         // a copy: the loaded model is shared
		svc.Metadata.Protocols = []string{"query"} // exercise its awsQuery binding
		inv := New(goldenConfig(rec), &svc, Options{})
		if _, err := inv.Call(context.Background(), "GetMetricStatistics", map[string]any{"Namespace": "AWS/EC2",
			"MetricName": "CPUUtilization", "StartTime": when, "EndTime": when.Add(time.Hour), "Period": 60,
			"Statistics": []any{"Average"}}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(rec.last(t).Body), "StartTime=2026-01-02T03%3A04%3A05Z") {
			t.Fatalf("body: %s", rec.last(t).Body)
		}
	})
	t.Run("restXml header rfc822", func(t *testing.T) {
		rec := &recorder{}
		inv := New(goldenConfig(rec), loadModel(t, "s3"), Options{})
		if _, err := inv.Call(context.Background(), "HeadObject", map[string]any{"Bucket": "b-1", "Key": "k",
			"IfUnmodifiedSince": when}); err != nil {
			t.Fatal(err)
		}
		if got := rec.last(t).Header.Get("If-Unmodified-Since"); got != "Fri, 02 Jan 2026 03:04:05 GMT" {
			t.Fatalf("If-Unmodified-Since = %q", got)
		}
	})
}

func TestJSONValueHeaderRoundTrip(t *testing.T) {
	// Lambda Invoke's ClientContext is a base64 header; a jsonvalue header is JSON then base64.
	// MediaStore Data has none handy, so use lex-runtime's jsonvalue session attributes.
	rec := &recorder{body: `{}`, header: map[string][]string{
		"X-Amz-Lex-Session-Attributes": {"eyJhIjoiYiJ9"}, // {"a":"b"}
		"Content-Type":                 {"application/json"},
	}}
	inv := New(goldenConfig(rec), loadModel(t, "lex-runtime"), Options{})
	out, err := inv.Call(context.Background(), "PostContent", map[string]any{"botName": "b", "botAlias": "a",
		"userId": "user-1", "contentType": "text/plain; charset=utf-8", "inputStream": []byte("hi"),
		"sessionAttributes": map[string]any{"x": "y"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.last(t).Header.Get("X-Amz-Lex-Session-Attributes"); got != "eyJ4IjoieSJ9" {
		t.Fatalf("request header = %q, want base64 of {\"x\":\"y\"}", got)
	}
	want, _ := json.Marshal(map[string]any{"a": "b"})
	got, _ := json.Marshal(out["sessionAttributes"])
	if string(got) != string(want) {
		t.Fatalf("decoded sessionAttributes = %s, want %s (output %v)", got, want, out)
	}
}

func TestSensitiveValuesStayOutOfMessages(t *testing.T) {
	inv := New(goldenConfig(&recorder{}), loadModel(t, "rds"), Options{})
	_, err := inv.Call(context.Background(), "CreateDBInstance", map[string]any{"DBInstanceIdentifier": "db",
		"DBInstanceClass": "db.t3.micro", "Engine": "postgres", "MasterUserPassword": 31415926})
	if err == nil || strings.Contains(err.Error(), "31415926") || !strings.Contains(err.Error(), "Input.MasterUserPassword") {
		t.Fatalf("error: %v", err)
	}
}
