package invoke

import (
	"context"
	"testing"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

func TestMotoCloudWatchUsesBotocoresProtocol(t *testing.T) {
	inv, _ := motoInvoker(t, "cloudwatch", Options{})
	if inv.protocol != protoJSON {
		t.Fatalf("cloudwatch offers cbor, json and query; botocore picks json, we picked %s", inv.protocol)
	}
	ns := uniqueName("Nimbus")
	call(t, inv, "PutMetricData", map[string]any{"Namespace": ns, "MetricData": []any{
		map[string]any{"MetricName": "Hits", "Value": 42.5, "Unit": "Count", "Timestamp": time.Now().UTC(),
			"Dimensions": []any{map[string]any{"Name": "Page", "Value": "home"}}}}})
	out := call(t, inv, "ListMetrics", map[string]any{"Namespace": ns})
	metrics, _ := out["Metrics"].([]any)
	if len(metrics) != 1 || metrics[0].(map[string]any)["MetricName"] != "Hits" {
		t.Fatalf("ListMetrics: %v", out)
	}
}

// TestRPCv2CBOR drives the rpcv2Cbor codec, which no botocore model needs today (each one that
// offers it also offers json), so that it keeps working if one ever does.
func TestRPCv2CBOR(t *testing.T) {
	resp := cbor.Encode(cbor.Map{"Metrics": cbor.List{cbor.Map{"MetricName": cbor.String("Hits"),
		"Dimensions": cbor.List{cbor.Map{"Name": cbor.String("Page"), "Value": cbor.String("home")}}}},
		"NextToken": cbor.String("n1")})
	rec := &recorder{body: string(resp), header: map[string][]string{"Smithy-Protocol": {"rpc-v2-cbor"}, "Content-Type": {"application/cbor"}}}
	svc := *loadModel(t, "cloudwatch")
	svc.Metadata.Protocols = []string{protoCBOR}
	inv := New(goldenConfig(rec), &svc, Options{})
	out, err := inv.Call(context.Background(), "ListMetrics", map[string]any{"Namespace": "AWS/EC2", "RecentlyActive": "PT3H"})
	if err != nil {
		t.Fatal(err)
	}
	req := rec.last(t)
	if req.Path != "/service/GraniteServiceVersion20100801/operation/ListMetrics" || req.Header.Get("Smithy-Protocol") != "rpc-v2-cbor" ||
		req.Header.Get("Content-Type") != "application/cbor" {
		t.Errorf("request: %s %v", req.Path, req.Header)
	}
	body, err := cbor.Decode(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := body.(cbor.Map)
	if m["Namespace"] != cbor.String("AWS/EC2") || m["RecentlyActive"] != cbor.String("PT3H") || len(m) != 2 {
		t.Errorf("request body: %#v", body)
	}
	metrics, _ := out["Metrics"].([]any)
	if len(metrics) != 1 || out["NextToken"] != "n1" {
		t.Fatalf("output: %v", out)
	}
	dims := metrics[0].(map[string]any)["Dimensions"].([]any)
	if dims[0].(map[string]any)["Value"] != "home" {
		t.Fatalf("output: %v", out)
	}
}
