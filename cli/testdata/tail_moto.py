# Reads a log group from moto as `aws logs tail GROUP --since S [--filter-pattern P]` (CLI v2,
# NoFollowLogEventsGenerator) does: FilterLogEvents with interleaved=True from the since-time,
# every page; prints the events as JSON lines for awsapi/logtail/testdata/tail_formats.py.
# argv: endpoint region group start_ms [pattern]
import json
import sys

import boto3

endpoint, region, group, start = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
kwargs = {"logGroupName": group, "interleaved": True, "startTime": start}
if len(sys.argv) > 5:
    kwargs["filterPattern"] = sys.argv[5]
client = boto3.client("logs", endpoint_url=endpoint, region_name=region,
                      aws_access_key_id="testing", aws_secret_access_key="testing")
for page in client.get_paginator("filter_log_events").paginate(**kwargs):
    for ev in page["events"]:
        print(json.dumps({"timestamp": ev["timestamp"], "logStreamName": ev["logStreamName"], "message": ev["message"]}))
