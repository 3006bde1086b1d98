package resource_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nimbus-tui/nimbus/awsapi/resource"
)

// instanceItem is an EC2 instance as DescribeInstances decodes it (the members the columns read
// and a realistic amount of the rest).
func instanceItem(i int) map[string]any {
	return map[string]any{
		"InstanceId":       fmt.Sprintf("i-%017x", i),
		"InstanceType":     "t3.micro",
		"ImageId":          "ami-0123456789abcdef0",
		"State":            map[string]any{"Code": int64(16), "Name": "running"},
		"Placement":        map[string]any{"AvailabilityZone": "us-east-1a", "Tenancy": "default"},
		"PrivateIpAddress": fmt.Sprintf("10.0.%d.%d", i/256%256, i%256),
		"PublicIpAddress":  "54.1.2.3",
		"LaunchTime":       time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		"Tags": []any{
			map[string]any{"Key": "env", "Value": "prod"},
			map[string]any{"Key": "team", "Value": "core"},
			map[string]any{"Key": "Name", "Value": fmt.Sprintf("web-%d", i)},
		},
		"SecurityGroups": []any{map[string]any{"GroupId": "sg-1", "GroupName": "default"}},
		"BlockDeviceMappings": []any{map[string]any{"DeviceName": "/dev/xvda",
			"Ebs": map[string]any{"VolumeId": "vol-1", "Status": "attached"}}},
		"Monitoring": map[string]any{"State": "disabled"},
		"VpcId":      "vpc-1", "SubnetId": "subnet-1", "Architecture": "x86_64",
	}
}

// BenchmarkCellsEC2Instances renders every column of 10,000 instances, as the table does when a
// listing streams in.
func BenchmarkCellsEC2Instances(b *testing.B) {
	r, err := resource.Default()
	if err != nil {
		b.Fatal(err)
	}
	d, _ := r.Lookup("instance")
	items := make([]any, 10000)
	for i := range items {
		items[i] = instanceItem(i)
	}
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, it := range items {
			if c := d.Cells(it, now); len(c) == 0 {
				b.Fatal("no cells")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(items)), "ns/row")
}
