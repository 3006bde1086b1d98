"""Call AWS operations with boto3, for TestOutputsMatchBoto3.

Reads JSON lines {"service", "operation", "input", "endpoint"} on stdin and writes one JSON line
per call: {"output": ...} with ResponseMetadata dropped, datetimes as UTC ISO 8601 with
microseconds and bytes as base64, or {"error": code}.
"""
import base64
import datetime
import json
import sys

import boto3
import botocore.config
import botocore.exceptions


def plain(v):
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, datetime.datetime):
        return v.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, (bytes, bytearray)):
        return base64.b64encode(bytes(v)).decode()
    return v


clients = {}
for line in sys.stdin:
    req = json.loads(line)
    key = (req["service"], req["endpoint"])
    if key not in clients:
        clients[key] = boto3.client(req["service"], endpoint_url=req["endpoint"], region_name="us-east-1",
                                    aws_access_key_id="testing", aws_secret_access_key="testing",
                                    config=botocore.config.Config(retries={"max_attempts": 1}))
    client = clients[key]
    method = getattr(client, client.meta.method_to_api_mapping and
                     {v: k for k, v in client.meta.method_to_api_mapping.items()}[req["operation"]])
    try:
        out = method(**req["input"])
        out.pop("ResponseMetadata", None)
        res = {"output": plain(out)}
    except botocore.exceptions.ClientError as e:
        res = {"error": e.response.get("Error", {}).get("Code", "")}
    except Exception as e:
        res = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
