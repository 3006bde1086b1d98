package world

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strings"
	"time"
)

// How long EC2's transitions take in the demo: long enough that a waiter polls several times.
const (
	PendingFor      = 5 * time.Second // pending → running
	StoppingFor     = 8 * time.Second // stopping → stopped
	ShuttingDownFor = 8 * time.Second // shutting-down → terminated
	DetachingFor    = 4 * time.Second // a volume detaching → available
	DeletingFor     = 4 * time.Second // a volume deleting → gone
	SnapshotFor     = 10 * time.Second
)

var stateCodes = map[string]int64{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

// next is the state a transitional state becomes, and after how long.
var next = map[string]struct {
	to    string
	after time.Duration
}{
	"pending":       {"running", PendingFor},
	"stopping":      {"stopped", StoppingFor},
	"shutting-down": {"terminated", ShuttingDownFor},
}

type instance struct {
	doc      map[string]any // everything but the state and the public address
	state    string
	since    time.Time // when state was entered
	publicIP string
	order    int
}

// settle moves the instance along its transitions up to now.
func (in *instance) settle(now time.Time, scale func(time.Duration) time.Duration) {
	for {
		n, ok := next[in.state]
		if !ok || now.Before(in.since.Add(scale(n.after))) {
			return
		}
		in.since = in.since.Add(scale(n.after))
		in.state = n.to
	}
}

func (in *instance) set(state string, now time.Time, reason string) {
	in.state, in.since = state, now
	in.doc["StateTransitionReason"] = reason
}

func (in *instance) stateDoc() map[string]any {
	return map[string]any{"Code": stateCodes[in.state], "Name": in.state}
}

func (in *instance) view() map[string]any {
	out := make(map[string]any, len(in.doc)+2)
	for k, v := range in.doc {
		out[k] = v
	}
	out["State"] = in.stateDoc()
	if in.state == "running" || in.state == "pending" || in.state == "stopping" {
		out["PublicIpAddress"] = in.publicIP
		if in.state == "running" {
			out["PublicDnsName"] = "ec2-" + strings.ReplaceAll(in.publicIP, ".", "-") + ".compute.amazonaws.com"
		}
	} else {
		out["PublicDnsName"] = ""
	}
	return out
}

type volume struct {
	doc   map[string]any
	state string // creating, available, in-use, deleting
	// detachAt/deleteAt: when a detach or delete started (zero: none).
	detachAt, deleteAt time.Time
}

type snapshot struct {
	doc   map[string]any
	start time.Time
	dur   time.Duration // SnapshotFor in this world
}

type ec2Store struct {
	instances map[string]*instance
	volumes   map[string]*volume
	snapshots map[string]*snapshot
	vpcs      []map[string]any
	subnets   []map[string]any
	groups    []map[string]any
	keyPairs  []map[string]any
	images    []map[string]any
	seq       int
	scale     func(time.Duration) time.Duration
}

func (s *ec2Store) settle(now time.Time) {
	for _, in := range s.instances {
		in.settle(now, s.scale)
	}
	for id, v := range s.volumes {
		if !v.deleteAt.IsZero() && !now.Before(v.deleteAt.Add(s.scale(DeletingFor))) {
			delete(s.volumes, id)
			continue
		}
		if !v.detachAt.IsZero() && !now.Before(v.detachAt.Add(s.scale(DetachingFor))) {
			v.detachAt = time.Time{}
			v.state = "available"
			v.doc["Attachments"] = []any{}
		}
	}
}

// registerEC2 adds the ec2 operations to t.
func registerEC2(t handlerTable) {
	t.add("ec2", map[string]func(*World, *Call) (map[string]any, error){
		"DescribeInstances":         ec2Op(describeInstances),
		"DescribeInstanceStatus":    ec2Op(describeInstanceStatus),
		"RunInstances":              ec2Op(runInstances),
		"StartInstances":            ec2Op(startInstances),
		"StopInstances":             ec2Op(stopInstances),
		"RebootInstances":           ec2Op(rebootInstances),
		"TerminateInstances":        ec2Op(terminateInstances),
		"GetConsoleOutput":          ec2Op(getConsoleOutput),
		"DescribeVolumes":           ec2Op(describeVolumes),
		"DetachVolume":              ec2Op(detachVolume),
		"DeleteVolume":              ec2Op(deleteVolume),
		"CreateSnapshot":            ec2Op(createSnapshot),
		"DescribeSnapshots":         ec2Op(describeSnapshots),
		"DescribeVpcs":              ec2Op(listOf("Vpcs", func(s *ec2Store) []map[string]any { return s.vpcs }, vpcFilters, "VpcIds", "VpcId")),
		"DescribeSubnets":           ec2Op(listOf("Subnets", func(s *ec2Store) []map[string]any { return s.subnets }, subnetFilters, "SubnetIds", "SubnetId")),
		"DescribeSecurityGroups":    ec2Op(listOf("SecurityGroups", func(s *ec2Store) []map[string]any { return s.groups }, groupFilters, "GroupIds", "GroupId")),
		"DescribeKeyPairs":          ec2Op(listOf("KeyPairs", func(s *ec2Store) []map[string]any { return s.keyPairs }, keyFilters, "KeyNames", "KeyName")),
		"DescribeImages":            ec2Op(listOf("Images", func(s *ec2Store) []map[string]any { return s.images }, imageFilters, "ImageIds", "ImageId")),
		"DescribeAvailabilityZones": ec2Op(describeZones),
		"CreateTags":                ec2Op(createTags),
		"DeleteTags":                ec2Op(deleteTags),
	})
}

// ec2Op runs an EC2 handler under the region's lock with its transitions settled.
func ec2Op(h func(s *ec2Store, r *Region, c *Call) (map[string]any, error)) func(*World, *Call) (map[string]any, error) {
	return func(w *World, c *Call) (map[string]any, error) {
		r := w.region(c.Account, c.Region)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.ec2.settle(c.Now)
		return h(r.ec2, r, c)
	}
}

// filterFunc gives the values an item has for a filter name; ok false for an unknown filter.
type filterFunc func(item map[string]any, name string) (values []string, ok bool)

// matches applies EC2 filters: every filter must match one of its values (with * wildcards).
func matches(item map[string]any, filters []map[string]any, f filterFunc) (bool, error) {
	for _, flt := range filters {
		name := str(flt, "Name")
		have, ok := tagFilter(item, name)
		if !ok {
			have, ok = f(item, name)
		}
		if !ok {
			return false, invalid("InvalidParameterValue", "The filter '%s' is invalid", name)
		}
		want := strs(flt, "Values")
		hit := false
		for _, h := range have {
			for _, w := range want {
				if wildcard(w, h) {
					hit = true
				}
			}
		}
		if !hit {
			return false, nil
		}
	}
	return true, nil
}

func tagFilter(item map[string]any, name string) ([]string, bool) {
	tags := list(item, "Tags")
	switch {
	case strings.HasPrefix(name, "tag:"):
		var out []string
		for _, t := range tags {
			if str(t, "Key") == name[4:] {
				out = append(out, str(t, "Value"))
			}
		}
		return out, true
	case name == "tag-key":
		var out []string
		for _, t := range tags {
			out = append(out, str(t, "Key"))
		}
		return out, true
	}
	return nil, false
}

// wildcard matches EC2 filter patterns: * any run, ? one character.
func wildcard(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if wildcard(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && wildcard(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && wildcard(pattern[1:], s[1:])
}

// each in a field's path stands for every element of the list there ("SecurityGroups", each,
// "GroupId": every group's id).
const each = "[]"

// field is the values at path in item, as a filter compares them.
func field(item map[string]any, path ...string) []string {
	var cur any = item
	for i, p := range path {
		if p == each { // the values of the rest of the path in every element of a list
			l, _ := cur.([]any)
			var out []string
			for _, el := range l {
				if m, ok := el.(map[string]any); ok {
					out = append(out, field(m, path[i+1:]...)...)
				}
			}
			return out
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	switch v := cur.(type) {
	case string:
		return []string{v}
	case bool:
		return []string{fmt.Sprint(v)}
	case int64:
		return []string{fmt.Sprint(v)}
	}
	return nil
}

func byName(fields map[string][]string) filterFunc {
	return func(item map[string]any, name string) ([]string, bool) {
		path, ok := fields[name]
		if !ok {
			return nil, false
		}
		return field(item, path...), true
	}
}

var (
	vpcFilters    = byName(map[string][]string{"vpc-id": {"VpcId"}, "cidr": {"CidrBlock"}, "is-default": {"IsDefault"}, "state": {"State"}, "owner-id": {"OwnerId"}})
	subnetFilters = byName(map[string][]string{"subnet-id": {"SubnetId"}, "vpc-id": {"VpcId"}, "availability-zone": {"AvailabilityZone"}, "cidr-block": {"CidrBlock"}, "state": {"State"}, "default-for-az": {"DefaultForAz"}})
	groupFilters  = byName(map[string][]string{"group-id": {"GroupId"}, "group-name": {"GroupName"}, "vpc-id": {"VpcId"}, "owner-id": {"OwnerId"}, "description": {"Description"}})
	keyFilters    = byName(map[string][]string{"key-name": {"KeyName"}, "key-pair-id": {"KeyPairId"}, "fingerprint": {"KeyFingerprint"}})
	imageFilters  = byName(map[string][]string{"image-id": {"ImageId"}, "name": {"Name"}, "state": {"State"}, "architecture": {"Architecture"}, "owner-id": {"OwnerId"}})
)

var (
	instanceValues = byName(map[string][]string{"instance-id": {"InstanceId"}, "instance-state-name": {"State", "Name"},
		"instance-state-code": {"State", "Code"}, "instance-type": {"InstanceType"}, "vpc-id": {"VpcId"}, "subnet-id": {"SubnetId"},
		"availability-zone": {"Placement", "AvailabilityZone"}, "image-id": {"ImageId"}, "key-name": {"KeyName"},
		"private-ip-address": {"PrivateIpAddress"}, "ip-address": {"PublicIpAddress"},
		"instance.group-id": {"SecurityGroups", each, "GroupId"}, "group-id": {"SecurityGroups", each, "GroupId"}})
	volumeValues = byName(map[string][]string{"volume-id": {"VolumeId"}, "status": {"State"}, "availability-zone": {"AvailabilityZone"},
		"volume-type": {"VolumeType"}, "encrypted": {"Encrypted"}, "snapshot-id": {"SnapshotId"},
		"attachment.instance-id": {"Attachments", each, "InstanceId"}, "attachment.status": {"Attachments", each, "State"},
		"attachment.device": {"Attachments", each, "Device"}})
	snapshotValues = byName(map[string][]string{"snapshot-id": {"SnapshotId"}, "volume-id": {"VolumeId"}, "status": {"State"}, "owner-id": {"OwnerId"}})
)

func (s *ec2Store) sortedInstances() []*instance {
	out := make([]*instance, 0, len(s.instances))
	for _, in := range s.instances {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func describeInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	var views []map[string]any
	for _, in := range s.sortedInstances() {
		views = append(views, in.view())
	}
	pageItems, tok, err := described(c, views, "InstanceIds", "InstanceId", instanceValues, func(id string) error {
		return notFound("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
	})
	if err != nil {
		return nil, err
	}
	var reservations []any
	for _, item := range pageItems {
		in := item.(map[string]any)
		reservations = append(reservations, map[string]any{
			"ReservationId": "r-" + strings.TrimPrefix(str(in, "InstanceId"), "i-"),
			"OwnerId":       r.Account.ID,
			"Groups":        []any{},
			"Instances":     []any{in},
		})
	}
	return withToken(map[string]any{"Reservations": orEmpty(reservations)}, tok), nil
}

// described is what a Describe call asks of views (a store's items as the service shows them, in
// order): those its ids name (an unknown id is missing's error), kept by its filters, the page
// its NextToken points at, and the next token.
func described(c *Call, views []map[string]any, idsKey, idKey string, f filterFunc, missing func(id string) error) ([]any, string, error) {
	ids := strs(c.In, idsKey)
	have := map[string]bool{}
	for _, v := range views {
		have[str(v, idKey)] = true
	}
	for _, id := range ids {
		if !have[id] {
			return nil, "", missing(id)
		}
	}
	var out []any
	for _, v := range views {
		if len(ids) > 0 && !contains(ids, str(v, idKey)) {
			continue
		}
		ok, err := matches(v, list(c.In, "Filters"), f)
		if err != nil {
			return nil, "", err
		}
		if ok {
			out = append(out, v)
		}
	}
	max, _ := num(c.In, "MaxResults")
	items, tok := page(out, str(c.In, "NextToken"), max, 1000)
	return items, tok, nil
}

// withToken adds NextToken to a Describe answer when there is a next page.
func withToken(out map[string]any, tok string) map[string]any {
	if tok != "" {
		out["NextToken"] = tok
	}
	return out
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
}

func describeInstanceStatus(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	ids := strs(c.In, "InstanceIds")
	all, _ := c.In["IncludeAllInstances"].(bool)
	var out []any
	for _, in := range s.sortedInstances() {
		id := str(in.doc, "InstanceId")
		if len(ids) > 0 && !contains(ids, id) {
			continue
		}
		if in.state != "running" && !all {
			continue
		}
		status := "ok"
		if in.state != "running" {
			status = "not-applicable"
		} else if c.Now.Sub(in.since) < s.scale(PendingFor) {
			status = "initializing"
		}
		out = append(out, map[string]any{
			"InstanceId":       id,
			"AvailabilityZone": in.doc["Placement"].(map[string]any)["AvailabilityZone"],
			"InstanceState":    in.stateDoc(),
			"InstanceStatus":   map[string]any{"Status": status, "Details": []any{map[string]any{"Name": "reachability", "Status": passed(status)}}},
			"SystemStatus":     map[string]any{"Status": status, "Details": []any{map[string]any{"Name": "reachability", "Status": passed(status)}}},
		})
	}
	return map[string]any{"InstanceStatuses": orEmpty(out)}, nil
}

func passed(status string) string {
	switch status {
	case "ok":
		return "passed"
	case "initializing":
		return "initializing"
	}
	return "not-applicable"
}

// change applies a state change to every instance named, EC2's way: all or nothing.
func change(s *ec2Store, c *Call, key string, apply func(in *instance) error) (map[string]any, error) {
	ids := strs(c.In, "InstanceIds")
	if len(ids) == 0 {
		return nil, invalid("MissingParameter", "The request must contain the parameter InstanceId")
	}
	for _, id := range ids {
		if _, ok := s.instances[id]; !ok {
			return nil, notFound("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
		}
	}
	var changes []any
	for _, id := range ids {
		in := s.instances[id]
		prev := in.stateDoc()
		if err := apply(in); err != nil {
			return nil, err
		}
		changes = append(changes, map[string]any{"InstanceId": id, "PreviousState": prev, "CurrentState": in.stateDoc()})
	}
	if key == "" {
		return map[string]any{}, nil
	}
	return map[string]any{key: changes}, nil
}

// runInstances launches instances: pending for PendingFor, in the given subnet (else the
// region's first), with the given security groups (else the VPC's default) and tags.
func runInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	n, ok := num(c.In, "MaxCount")
	if !ok {
		n, _ = num(c.In, "MinCount")
	}
	if n < 1 || n > 20 {
		return nil, invalid("InvalidParameterValue", "The demo launches 1 to 20 instances at a time, not %d", n)
	}
	az, subnetID, vpcID := r.Name+"a", "", ""
	for _, sn := range s.subnets {
		if id := str(c.In, "SubnetId"); id == "" || str(sn, "SubnetId") == id {
			az, subnetID, vpcID = str(sn, "AvailabilityZone"), str(sn, "SubnetId"), str(sn, "VpcId")
			break
		}
	}
	if id := str(c.In, "SubnetId"); id != "" && subnetID == "" {
		return nil, notFound("InvalidSubnetID.NotFound", "The subnet ID '%s' does not exist", id)
	}
	var groups []any
	for _, gid := range strs(c.In, "SecurityGroupIds") {
		found := false
		for _, g := range s.groups {
			if str(g, "GroupId") == gid {
				groups = append(groups, map[string]any{"GroupId": gid, "GroupName": str(g, "GroupName")})
				found = true
			}
		}
		if !found {
			return nil, notFound("InvalidGroup.NotFound", "The security group '%s' does not exist", gid)
		}
	}
	if len(groups) == 0 {
		for _, g := range s.groups {
			if str(g, "GroupName") == "default" {
				groups = append(groups, map[string]any{"GroupId": str(g, "GroupId"), "GroupName": "default"})
			}
		}
	}
	var instanceTags []any
	for _, spec := range list(c.In, "TagSpecifications") {
		if str(spec, "ResourceType") == "instance" {
			for _, t := range list(spec, "Tags") {
				instanceTags = append(instanceTags, map[string]any{"Key": str(t, "Key"), "Value": str(t, "Value")})
			}
		}
	}
	typ := str(c.In, "InstanceType")
	if typ == "" {
		typ = "m1.small" // EC2's default
	}
	now := c.Now.Truncate(time.Second)
	s.seq++
	resID := "r-" + hexID(r.Account.ID, r.Name, "reservation", fmt.Sprint(s.seq))
	var out []any
	for i := int64(0); i < n; i++ {
		s.seq++
		id := "i-" + hexID(r.Account.ID, r.Name, "run", fmt.Sprint(s.seq))
		private := fmt.Sprintf("10.%d.%d.%d", 200+s.seq/62500%50, s.seq/250%250, 10+s.seq%240)
		root := "vol-" + hexID(r.Account.ID, r.Name, "run", fmt.Sprint(s.seq), "root")
		s.volumes[root] = &volume{state: "in-use", doc: map[string]any{
			"VolumeId": root, "Size": int64(8), "VolumeType": "gp3", "Iops": int64(3000), "Throughput": int64(125), "Encrypted": false,
			"AvailabilityZone": az, "CreateTime": now, "MultiAttachEnabled": false, "Tags": []any{},
			"Attachments": []any{map[string]any{"VolumeId": root, "InstanceId": id, "Device": "/dev/xvda", "State": "attached", "AttachTime": now, "DeleteOnTermination": true}},
		}}
		in := &instance{order: len(s.instances) + 1000 + s.seq, state: "pending", since: c.Now,
			publicIP: fmt.Sprintf("3.%d.%d.%d", 80+s.seq%100, s.seq*7%250, 10+s.seq%240), doc: map[string]any{
				"InstanceId": id, "ImageId": str(c.In, "ImageId"), "InstanceType": typ, "LaunchTime": now, "AmiLaunchIndex": i,
				"Placement":        map[string]any{"AvailabilityZone": az, "Tenancy": "default", "GroupName": ""},
				"PrivateIpAddress": private, "PrivateDnsName": "ip-" + strings.ReplaceAll(private, ".", "-") + "." + r.Name + ".compute.internal",
				"SubnetId": subnetID, "VpcId": vpcID, "Architecture": "x86_64", "RootDeviceName": "/dev/xvda", "RootDeviceType": "ebs",
				"Hypervisor": "xen", "VirtualizationType": "hvm", "EbsOptimized": false, "EnaSupport": true, "PlatformDetails": "Linux/UNIX",
				"Monitoring": map[string]any{"State": "disabled"}, "SecurityGroups": orEmpty(groups), "StateTransitionReason": "",
				"BlockDeviceMappings": []any{map[string]any{"DeviceName": "/dev/xvda", "Ebs": map[string]any{"VolumeId": root, "Status": "attached", "AttachTime": now, "DeleteOnTermination": true}}},
				"ProductCodes":        []any{}, "ClientToken": str(c.In, "ClientToken"), "Tags": orEmpty(append([]any(nil), instanceTags...)),
			}}
		if k := str(c.In, "KeyName"); k != "" {
			in.doc["KeyName"] = k
		}
		s.instances[id] = in
		out = append(out, in.view())
	}
	return map[string]any{"ReservationId": resID, "OwnerId": r.Account.ID, "Groups": []any{}, "Instances": out}, nil
}

func incorrectState(in *instance, verb string) error {
	return invalid("IncorrectInstanceState", "The instance '%s' is not in a state from which it can be %s.", str(in.doc, "InstanceId"), verb)
}

func startInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return change(s, c, "StartingInstances", func(in *instance) error {
		switch in.state {
		case "stopped":
			in.set("pending", c.Now, "")
		case "pending", "running":
		default:
			return incorrectState(in, "started")
		}
		return nil
	})
}

func stopInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return change(s, c, "StoppingInstances", func(in *instance) error {
		switch in.state {
		case "running", "pending":
			in.set("stopping", c.Now, "User initiated ("+c.Now.Format("2006-01-02 15:04:05 MST")+")")
		case "stopping", "stopped":
		default:
			return incorrectState(in, "stopped")
		}
		return nil
	})
}

func rebootInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return change(s, c, "", func(in *instance) error {
		if in.state == "terminated" || in.state == "shutting-down" {
			return incorrectState(in, "rebooted")
		}
		return nil
	})
}

func terminateInstances(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return change(s, c, "TerminatingInstances", func(in *instance) error {
		if in.state != "terminated" && in.state != "shutting-down" {
			in.set("shutting-down", c.Now, "User initiated ("+c.Now.Format("2006-01-02 15:04:05 MST")+")")
		}
		return nil
	})
}

func getConsoleOutput(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	id := str(c.In, "InstanceId")
	in, ok := s.instances[id]
	if !ok {
		return nil, notFound("InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", id)
	}
	name := tagValue(in.doc, "Name")
	log := fmt.Sprintf("[    0.000000] Linux version 6.1.119-129.201.amzn2023.x86_64\n"+
		"[    0.412345] Command line: BOOT_IMAGE=/boot/vmlinuz root=UUID=demo ro console=ttyS0\n"+
		"[  OK  ] Started cloud-init.service - Initial cloud-init job.\n"+
		"[  OK  ] Reached target multi-user.target - Multi-User System.\n"+
		"Amazon Linux 2023\nKernel 6.1.119 on an x86_64 (-)\n\n%s login: \n", name)
	return map[string]any{
		"InstanceId": id,
		"Timestamp":  c.Now.Truncate(time.Second),
		"Output":     base64.StdEncoding.EncodeToString([]byte(log)),
	}, nil
}

func tagValue(doc map[string]any, key string) string {
	for _, t := range list(doc, "Tags") {
		if str(t, "Key") == key {
			return str(t, "Value")
		}
	}
	return ""
}

func (s *ec2Store) sortedVolumes() []*volume {
	out := make([]*volume, 0, len(s.volumes))
	for _, v := range s.volumes {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return str(out[i].doc, "VolumeId") < str(out[j].doc, "VolumeId") })
	return out
}

func (v *volume) view() map[string]any {
	out := make(map[string]any, len(v.doc)+1)
	for k, e := range v.doc {
		out[k] = e
	}
	out["State"] = v.state
	if !v.detachAt.IsZero() {
		var atts []any
		for _, a := range list(v.doc, "Attachments") {
			cp := map[string]any{}
			for k, e := range a {
				cp[k] = e
			}
			cp["State"] = "detaching"
			atts = append(atts, cp)
		}
		out["Attachments"] = orEmpty(atts)
	}
	return out
}

func describeVolumes(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	var views []map[string]any
	for _, v := range s.sortedVolumes() {
		views = append(views, v.view())
	}
	items, tok, err := described(c, views, "VolumeIds", "VolumeId", volumeValues, func(id string) error {
		return notFound("InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
	})
	if err != nil {
		return nil, err
	}
	return withToken(map[string]any{"Volumes": orEmpty(items)}, tok), nil
}

func detachVolume(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	id := str(c.In, "VolumeId")
	v, ok := s.volumes[id]
	if !ok {
		return nil, notFound("InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
	}
	atts := list(v.doc, "Attachments")
	if v.state != "in-use" || len(atts) == 0 || !v.detachAt.IsZero() {
		return nil, invalid("IncorrectState", "Volume '%s' is in the '%s' state.", id, v.state)
	}
	if in := s.instances[str(atts[0], "InstanceId")]; in != nil && str(atts[0], "Device") == str(in.doc, "RootDeviceName") && in.state != "stopped" {
		return nil, invalid("OperationNotPermitted", "Unable to detach root volume '%s' from instance '%s'", id, str(atts[0], "InstanceId"))
	}
	v.detachAt = c.Now
	a := atts[0]
	return map[string]any{"VolumeId": id, "InstanceId": a["InstanceId"], "Device": a["Device"], "State": "detaching", "AttachTime": a["AttachTime"]}, nil
}

func deleteVolume(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	id := str(c.In, "VolumeId")
	v, ok := s.volumes[id]
	if !ok {
		return nil, notFound("InvalidVolume.NotFound", "The volume '%s' does not exist.", id)
	}
	if v.state != "available" {
		return nil, invalid("VolumeInUse", "Volume %s is currently attached to %s", id, str(list(v.doc, "Attachments")[0], "InstanceId"))
	}
	v.state, v.deleteAt = "deleting", c.Now
	return map[string]any{}, nil
}

func (sn *snapshot) view(now time.Time) map[string]any {
	out := make(map[string]any, len(sn.doc)+2)
	for k, v := range sn.doc {
		out[k] = v
	}
	el := now.Sub(sn.start)
	if el >= sn.dur {
		out["State"], out["Progress"] = "completed", "100%"
	} else {
		out["State"], out["Progress"] = "pending", fmt.Sprintf("%d%%", int(100*el/sn.dur))
	}
	return out
}

func createSnapshot(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	vid := str(c.In, "VolumeId")
	v, ok := s.volumes[vid]
	if !ok {
		return nil, notFound("InvalidVolume.NotFound", "The volume '%s' does not exist.", vid)
	}
	s.seq++
	id := "snap-" + hexID(r.Account.ID, r.Name, vid, fmt.Sprint(s.seq))
	sn := &snapshot{start: c.Now, dur: s.scale(SnapshotFor), doc: map[string]any{
		"SnapshotId": id, "VolumeId": vid, "VolumeSize": v.doc["Size"], "Description": str(c.In, "Description"),
		"OwnerId": r.Account.ID, "StartTime": c.Now.Truncate(time.Millisecond), "Encrypted": v.doc["Encrypted"],
		"StorageTier": "standard", "Tags": []any{},
	}}
	s.snapshots[id] = sn
	return sn.view(c.Now), nil
}

func describeSnapshots(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	keys := make([]string, 0, len(s.snapshots))
	for id := range s.snapshots {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	views := make([]map[string]any, len(keys))
	for i, id := range keys {
		views[i] = s.snapshots[id].view(c.Now)
	}
	items, tok, err := described(c, views, "SnapshotIds", "SnapshotId", snapshotValues, func(id string) error {
		return notFound("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", id)
	})
	if err != nil {
		return nil, err
	}
	return withToken(map[string]any{"Snapshots": orEmpty(items)}, tok), nil
}

// listOf describes a static collection (VPCs, subnets…): ids, filters and paging.
func listOf(key string, items func(*ec2Store) []map[string]any, f filterFunc, idsKey, idKey string) func(*ec2Store, *Region, *Call) (map[string]any, error) {
	return func(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
		out, tok, err := described(c, items(s), idsKey, idKey, f, func(id string) error {
			return notFound("Invalid"+strings.TrimSuffix(idKey, "Id")+"ID.NotFound", "The %s '%s' does not exist", idKey, id)
		})
		if err != nil {
			return nil, err
		}
		return withToken(map[string]any{key: orEmpty(out)}, tok), nil
	}
}

func describeZones(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	var out []any
	for i, z := range []string{"a", "b", "c"} {
		out = append(out, map[string]any{
			"ZoneName": r.Name + z, "ZoneId": fmt.Sprintf("%s-az%d", regionShort(r.Name), i+1), "State": "available",
			"RegionName": r.Name, "ZoneType": "availability-zone", "OptInStatus": "opt-in-not-required", "Messages": []any{},
		})
	}
	return map[string]any{"AvailabilityZones": out}, nil
}

func regionShort(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}

// taggable finds the document of any EC2 resource by id.
func (s *ec2Store) taggable(id string) map[string]any {
	if in, ok := s.instances[id]; ok {
		return in.doc
	}
	if v, ok := s.volumes[id]; ok {
		return v.doc
	}
	if sn, ok := s.snapshots[id]; ok {
		return sn.doc
	}
	for _, l := range [][]map[string]any{s.vpcs, s.subnets, s.groups, s.images} {
		for _, item := range l {
			for _, k := range []string{"VpcId", "SubnetId", "GroupId", "ImageId"} {
				if str(item, k) == id {
					return item
				}
			}
		}
	}
	return nil
}

func createTags(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return retag(s, c, func(tags []any, t map[string]any) []any {
		for i, old := range tags {
			if str(old.(map[string]any), "Key") == str(t, "Key") {
				tags[i] = map[string]any{"Key": str(t, "Key"), "Value": str(t, "Value")}
				return tags
			}
		}
		return append(tags, map[string]any{"Key": str(t, "Key"), "Value": str(t, "Value")})
	})
}

func deleteTags(s *ec2Store, r *Region, c *Call) (map[string]any, error) {
	return retag(s, c, func(tags []any, t map[string]any) []any {
		out := tags[:0:0]
		for _, old := range tags {
			o := old.(map[string]any)
			if str(o, "Key") == str(t, "Key") && (t["Value"] == nil || str(o, "Value") == str(t, "Value")) {
				continue
			}
			out = append(out, old)
		}
		return out
	})
}

func retag(s *ec2Store, c *Call, apply func([]any, map[string]any) []any) (map[string]any, error) {
	ids := strs(c.In, "Resources")
	for _, id := range ids {
		if s.taggable(id) == nil {
			return nil, notFound("InvalidID", "The ID '%s' is not valid", id)
		}
	}
	for _, id := range ids {
		doc := s.taggable(id)
		tags, _ := doc["Tags"].([]any)
		tags = append([]any(nil), tags...)
		for _, t := range list(c.In, "Tags") {
			tags = apply(tags, t)
		}
		doc["Tags"] = tags
	}
	return map[string]any{}, nil
}
