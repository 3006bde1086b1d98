package world

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"
)

// seedRegion builds one account's region: the same data on every run, different per account
// and region, so switching visibly changes the world. Regions other than Regions are empty.
func seedRegion(a Account, region string, now time.Time, scale func(time.Duration) time.Duration) *Region {
	r := &Region{Account: a, Name: region}
	r.ec2 = &ec2Store{instances: map[string]*instance{}, volumes: map[string]*volume{}, snapshots: map[string]*snapshot{}, scale: scale}
	r.ddb = newDDB()
	r.ddb.scale = scale
	r.sqs = newSQS()
	r.logs = newLogs()
	r.logs.scale = scale
	r.lambda = newLambda()
	r.cfn = newCFN()
	r.cfn.scale = scale
	spec, ok := specs()[a.ID+"/"+region]
	if !ok {
		return r
	}
	seedEC2(r, spec, now)
	seedDDB(r, spec, now)
	seedSQS(r, spec, now)
	seedLogs(r, spec, now)
	seedLambda(r, spec, now)
	seedCFN(r, spec, now)
	return r
}

// hexID is a stable 17-hex-digit id from parts (EC2's long ids).
func hexID(parts ...string) string {
	sum := sha1.Sum([]byte(strings.Join(parts, "/")))
	return "0" + hex.EncodeToString(sum[:])[:16]
}

// regionSpec is what one account's region holds.
type regionSpec struct {
	env       string // name prefix: dev, eu, prod, dr
	vpcCIDR   string // 10.N.0.0/16
	instances []instSpec
	tables    []tableSpec
	queues    []queueSpec
	functions []string
	stacks    []string
}

type instSpec struct {
	name, typ, state string
	subnet           int // index into the region's subnets
	group            string
	dataGiB          int64
	ageDays          int
}

// specs are built on first use (a region being seeded), not at start-up.
var specs = sync.OnceValue(func() map[string]regionSpec {
	return map[string]regionSpec{
		Dev.ID + "/us-east-1": {
			env: "dev", vpcCIDR: "10.0",
			instances: []instSpec{
				{"dev-web-1", "t3.small", "running", 0, "web", 0, 12},
				{"dev-web-2", "t3.small", "running", 1, "web", 0, 12},
				{"dev-api-1", "t3.medium", "running", 2, "web", 0, 30},
				{"dev-worker-1", "t3.large", "stopped", 2, "default", 0, 45},
				{"dev-batch-1", "c6i.large", "running", 2, "default", 50, 3},
				{"dev-bastion", "t3.micro", "running", 0, "ssh", 0, 90},
				{"dev-db-1", "r6g.large", "running", 2, "db", 100, 60},
			},
			tables:    []tableSpec{{"dev-orders", 40}, {"dev-users", 25}, {"dev-sessions", 12}},
			queues:    []queueSpec{{"dev-orders", 14, false}, {"dev-emails", 3, false}, {"dev-orders-dlq", 2, false}, {"dev-events.fifo", 5, true}},
			functions: []string{"dev-resize-image", "dev-send-email", "dev-nightly-report"},
			stacks:    []string{"dev-network", "dev-app"},
		},
		Dev.ID + "/eu-west-1": {
			env: "dev-eu", vpcCIDR: "10.1",
			instances: []instSpec{
				{"dev-eu-web-1", "t3.small", "running", 0, "web", 0, 8},
				{"dev-eu-cache-1", "r6g.medium", "stopped", 2, "default", 0, 20},
			},
			tables:    []tableSpec{{"dev-eu-orders", 10}},
			queues:    []queueSpec{{"dev-eu-orders", 4, false}},
			functions: []string{"dev-eu-resize-image"},
			stacks:    []string{"dev-eu-app"},
		},
		Prod.ID + "/eu-west-1": {
			env: "prod", vpcCIDR: "10.20",
			instances: []instSpec{
				{"prod-web-1", "m6i.large", "running", 0, "web", 0, 120},
				{"prod-web-2", "m6i.large", "running", 1, "web", 0, 120},
				{"prod-web-3", "m6i.large", "running", 0, "web", 0, 40},
				{"prod-web-4", "m6i.large", "running", 1, "web", 0, 40},
				{"prod-api-1", "m6i.xlarge", "running", 2, "web", 0, 75},
				{"prod-api-2", "m6i.xlarge", "running", 2, "web", 0, 75},
				{"prod-worker-1", "c6i.xlarge", "running", 2, "default", 200, 33},
				{"prod-worker-2", "c6i.xlarge", "running", 2, "default", 200, 33},
				{"prod-db-1", "r6i.2xlarge", "running", 2, "db", 1000, 300},
				{"prod-bastion", "t3.micro", "running", 0, "ssh", 0, 400},
			},
			tables:    []tableSpec{{"prod-orders", 60}, {"prod-users", 50}, {"prod-payments", 30}},
			queues:    []queueSpec{{"prod-orders", 120, false}, {"prod-emails", 40, false}, {"prod-orders-dlq", 0, false}},
			functions: []string{"prod-resize-image", "prod-send-email", "prod-nightly-report", "prod-audit"},
			stacks:    []string{"prod-network", "prod-app"},
		},
		Prod.ID + "/us-east-1": {
			env: "prod-dr", vpcCIDR: "10.30",
			instances: []instSpec{
				{"prod-dr-web-1", "m6i.large", "stopped", 0, "web", 0, 200},
				{"prod-dr-db-1", "r6i.2xlarge", "stopped", 2, "db", 1000, 200},
			},
			tables:    []tableSpec{{"prod-dr-orders", 5}},
			queues:    []queueSpec{{"prod-dr-orders", 0, false}},
			functions: []string{"prod-dr-failover"},
			stacks:    []string{"prod-dr-app"},
		},
	}
})

func tags(kv ...string) []any {
	out := make([]any, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, map[string]any{"Key": kv[i], "Value": kv[i+1]})
	}
	return out
}

func seedEC2(r *Region, spec regionSpec, now time.Time) {
	s := r.ec2
	acct, region := r.Account.ID, r.Name
	id := func(prefix string, parts ...string) string {
		return prefix + "-" + hexID(append([]string{acct, region}, parts...)...)
	}
	vpcID := id("vpc", "vpc")
	defVPC := id("vpc", "default")
	s.vpcs = []map[string]any{
		{"VpcId": vpcID, "CidrBlock": spec.vpcCIDR + ".0.0/16", "State": "available", "IsDefault": false, "OwnerId": acct,
			"InstanceTenancy": "default", "DhcpOptionsId": id("dopt", "dopt"), "Tags": tags("Name", spec.env+"-vpc", "env", spec.env)},
		{"VpcId": defVPC, "CidrBlock": "172.31.0.0/16", "State": "available", "IsDefault": true, "OwnerId": acct,
			"InstanceTenancy": "default", "DhcpOptionsId": id("dopt", "dopt"), "Tags": []any{}},
	}
	subnetNames := []struct{ name, az, cidr string }{
		{spec.env + "-public-a", "a", ".1.0/24"}, {spec.env + "-public-b", "b", ".2.0/24"}, {spec.env + "-private-a", "a", ".10.0/24"},
	}
	for _, sn := range subnetNames {
		sid := id("subnet", sn.name)
		s.subnets = append(s.subnets, map[string]any{
			"SubnetId": sid, "VpcId": vpcID, "CidrBlock": spec.vpcCIDR + sn.cidr, "AvailabilityZone": region + sn.az,
			"AvailableIpAddressCount": int64(251 - len(spec.instances)), "State": "available", "DefaultForAz": false,
			"MapPublicIpOnLaunch": strings.Contains(sn.name, "public"), "OwnerId": acct,
			"SubnetArn": arn("ec2", region, acct, "subnet/"+sid), "Tags": tags("Name", sn.name),
		})
	}
	rule := func(port int64, cidr, desc string) map[string]any {
		return map[string]any{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
			"IpRanges": []any{map[string]any{"CidrIp": cidr, "Description": desc}}, "Ipv6Ranges": []any{}, "PrefixListIds": []any{}, "UserIdGroupPairs": []any{}}
	}
	egress := []any{map[string]any{"IpProtocol": "-1", "IpRanges": []any{map[string]any{"CidrIp": "0.0.0.0/0"}}, "Ipv6Ranges": []any{}, "PrefixListIds": []any{}, "UserIdGroupPairs": []any{}}}
	groupIDs := map[string]string{}
	for _, g := range []struct {
		name, desc string
		in         []any
	}{
		{"default", "default VPC security group", []any{}},
		{"web", "HTTP and HTTPS from anywhere", []any{rule(80, "0.0.0.0/0", "http"), rule(443, "0.0.0.0/0", "https")}},
		{"ssh", "SSH from the office", []any{rule(22, "203.0.113.0/24", "office")}},
		{"db", "PostgreSQL from the VPC", []any{rule(5432, spec.vpcCIDR+".0.0/16", "vpc")}},
	} {
		gid := id("sg", g.name)
		name := g.name
		if name != "default" {
			name = spec.env + "-" + g.name
		}
		groupIDs[g.name] = gid
		s.groups = append(s.groups, map[string]any{
			"GroupId": gid, "GroupName": name, "Description": g.desc, "VpcId": vpcID, "OwnerId": acct,
			"IpPermissions": g.in, "IpPermissionsEgress": egress, "Tags": tags("Name", name),
			"SecurityGroupArn": arn("ec2", region, acct, "security-group/"+gid),
		})
	}
	// The default VPC, as every region has it: a default subnet per zone and its default group,
	// which lets in what comes from its own members.
	for i, z := range []string{"a", "b", "c"} {
		sid := id("subnet", "default", z)
		s.subnets = append(s.subnets, map[string]any{
			"SubnetId": sid, "VpcId": defVPC, "CidrBlock": fmt.Sprintf("172.31.%d.0/20", 16*i), "AvailabilityZone": region + z,
			"AvailableIpAddressCount": int64(4091), "State": "available", "DefaultForAz": true, "MapPublicIpOnLaunch": true,
			"OwnerId": acct, "SubnetArn": arn("ec2", region, acct, "subnet/"+sid), "Tags": []any{},
		})
	}
	defGroup := id("sg", "default", "default-vpc")
	s.groups = append(s.groups, map[string]any{
		"GroupId": defGroup, "GroupName": "default", "Description": "default VPC security group", "VpcId": defVPC, "OwnerId": acct,
		"IpPermissions": []any{map[string]any{"IpProtocol": "-1", "IpRanges": []any{}, "Ipv6Ranges": []any{}, "PrefixListIds": []any{},
			"UserIdGroupPairs": []any{map[string]any{"GroupId": defGroup, "UserId": acct}}}},
		"IpPermissionsEgress": egress, "Tags": []any{}, "SecurityGroupArn": arn("ec2", region, acct, "security-group/"+defGroup),
	})
	keyName := spec.env + "-key"
	s.keyPairs = []map[string]any{{"KeyName": keyName, "KeyPairId": id("key", "key"), "KeyType": "ed25519",
		"KeyFingerprint": "demo:" + hexID(acct, region, "fp")[:16], "CreateTime": now.Add(-400 * 24 * time.Hour).Truncate(time.Second), "Tags": []any{}}}
	amiID := id("ami", "ami")
	s.images = []map[string]any{{"ImageId": amiID, "Name": spec.env + "-web-2024-11-01", "State": "available", "Architecture": "x86_64",
		"RootDeviceType": "ebs", "RootDeviceName": "/dev/xvda", "Public": false, "OwnerId": acct, "ImageType": "machine",
		"VirtualizationType": "hvm", "Hypervisor": "xen", "PlatformDetails": "Linux/UNIX", "EnaSupport": true,
		"CreationDate": "2024-11-01T09:00:00.000Z", "Description": "web server image", "Tags": tags("Name", spec.env+"-web")}}

	for i, is := range spec.instances {
		iid := id("i", is.name)
		subnet := s.subnets[is.subnet]
		launched := now.Add(-time.Duration(is.ageDays)*24*time.Hour - time.Duration(i)*37*time.Minute).Truncate(time.Second)
		private := fmt.Sprintf("%s.%d.%d", spec.vpcCIDR, []int{1, 2, 10}[is.subnet], 10+i)
		sum := hexID(acct, region, is.name)
		public := fmt.Sprintf("54.%d.%d.%d", 100+int(sum[1])%100, int(sum[2])*7%250, 10+i)
		rootVol := id("vol", is.name, "root")
		mappings := []any{map[string]any{"DeviceName": "/dev/xvda", "Ebs": map[string]any{"VolumeId": rootVol, "Status": "attached", "AttachTime": launched, "DeleteOnTermination": true}}}
		s.volumes[rootVol] = &volume{state: "in-use", doc: map[string]any{
			"VolumeId": rootVol, "Size": int64(8), "VolumeType": "gp3", "Iops": int64(3000), "Throughput": int64(125), "Encrypted": true,
			"AvailabilityZone": str(subnet, "AvailabilityZone"), "CreateTime": launched, "MultiAttachEnabled": false,
			"Attachments": []any{map[string]any{"VolumeId": rootVol, "InstanceId": iid, "Device": "/dev/xvda", "State": "attached", "AttachTime": launched, "DeleteOnTermination": true}},
			"Tags":        tags("Name", is.name+"-root"),
		}}
		if is.dataGiB > 0 {
			dataVol := id("vol", is.name, "data")
			mappings = append(mappings, map[string]any{"DeviceName": "/dev/xvdf", "Ebs": map[string]any{"VolumeId": dataVol, "Status": "attached", "AttachTime": launched, "DeleteOnTermination": false}})
			s.volumes[dataVol] = &volume{state: "in-use", doc: map[string]any{
				"VolumeId": dataVol, "Size": is.dataGiB, "VolumeType": "gp3", "Iops": int64(3000), "Throughput": int64(125), "Encrypted": true,
				"AvailabilityZone": str(subnet, "AvailabilityZone"), "CreateTime": launched, "MultiAttachEnabled": false,
				"Attachments": []any{map[string]any{"VolumeId": dataVol, "InstanceId": iid, "Device": "/dev/xvdf", "State": "attached", "AttachTime": launched, "DeleteOnTermination": false}},
				"Tags":        tags("Name", is.name+"-data"),
			}}
			snapID := id("snap", is.name, "nightly")
			s.snapshots[snapID] = &snapshot{start: now.Add(-20 * time.Hour), dur: s.scale(SnapshotFor), doc: map[string]any{
				"SnapshotId": snapID, "VolumeId": dataVol, "VolumeSize": is.dataGiB, "Description": "nightly backup of " + is.name,
				"OwnerId": acct, "StartTime": now.Add(-20 * time.Hour).Truncate(time.Second), "Encrypted": true, "StorageTier": "standard",
				"Tags": tags("Name", is.name+"-nightly"),
			}}
		}
		group := groupIDs[is.group]
		groupName := is.group
		if groupName != "default" {
			groupName = spec.env + "-" + is.group
		}
		in := &instance{order: i, state: is.state, since: launched, publicIP: public, doc: map[string]any{
			"InstanceId": iid, "ImageId": amiID, "InstanceType": is.typ, "KeyName": keyName, "LaunchTime": launched,
			"Placement":        map[string]any{"AvailabilityZone": str(subnet, "AvailabilityZone"), "Tenancy": "default", "GroupName": ""},
			"PrivateIpAddress": private, "PrivateDnsName": "ip-" + strings.ReplaceAll(private, ".", "-") + "." + region + ".compute.internal",
			"SubnetId": str(subnet, "SubnetId"), "VpcId": vpcID, "Architecture": "x86_64", "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs",
			"Hypervisor": "xen", "VirtualizationType": "hvm", "EbsOptimized": true, "EnaSupport": true, "AmiLaunchIndex": int64(0),
			"PlatformDetails": "Linux/UNIX", "UsageOperation": "RunInstances", "Monitoring": map[string]any{"State": "disabled"},
			"SecurityGroups": []any{map[string]any{"GroupId": group, "GroupName": groupName}}, "BlockDeviceMappings": mappings,
			"StateTransitionReason": "", "ProductCodes": []any{}, "ClientToken": "",
			"Tags": tags("Name", is.name, "env", spec.env, "team", strings.SplitN(strings.TrimPrefix(is.name, spec.env+"-"), "-", 2)[0]),
		}}
		if is.state == "stopped" {
			in.doc["StateTransitionReason"] = "User initiated (" + launched.Add(48*time.Hour).Format("2006-01-02 15:04:05 MST") + ")"
		}
		s.instances[iid] = in
	}
	if spec.env == "dev" {
		scratch := id("vol", "scratch")
		s.volumes[scratch] = &volume{state: "available", doc: map[string]any{
			"VolumeId": scratch, "Size": int64(20), "VolumeType": "gp3", "Iops": int64(3000), "Throughput": int64(125), "Encrypted": false,
			"AvailabilityZone": region + "a", "CreateTime": now.Add(-72 * time.Hour).Truncate(time.Second), "MultiAttachEnabled": false,
			"Attachments": []any{}, "Tags": tags("Name", "scratch"),
		}}
	}
}
