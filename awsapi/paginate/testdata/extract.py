#!/usr/bin/env python3
"""Copies the botocore paginator and waiter definitions the tests of awsapi/paginate and
awsapi/waiter run on, unchanged (botocore's string-or-list form), into their testdata.

botocore's data is Apache-2.0 (https://github.com/boto/botocore). Run from anywhere:
    python3 awsapi/paginate/testdata/extract.py
"""
import json
import os

import botocore

DATA = os.path.join(os.path.dirname(botocore.__file__), "data")
HERE = os.path.dirname(os.path.abspath(__file__))

PAGINATORS = {
    "s3": ["ListObjectsV2", "ListObjectVersions", "ListObjects"],
    "dynamodb": ["Scan", "Query"],
    "ec2": ["DescribeInstances"],
    "logs": ["FilterLogEvents"],
    "route53": ["ListResourceRecordSets"],
    "kinesis": ["DescribeStream"],
    "cloudfront": ["ListDistributions"],
    "iam": ["ListUsers"],
}
WAITERS = {
    "ec2": ["InstanceRunning", "InstanceStopped", "InstanceExists"],
    "dynamodb": ["TableExists", "TableNotExists"],
    "s3": ["BucketExists", "BucketNotExists", "ObjectExists", "ObjectNotExists"],
    "lambda": ["FunctionExists"],
}


def latest(service):
    return os.path.join(DATA, service, sorted(os.listdir(os.path.join(DATA, service)))[-1])


def load(path):
    with open(path) as f:
        return json.load(f)


def paginators(service):
    d = load(os.path.join(latest(service), "paginators-1.json"))["pagination"]
    extras = os.path.join(latest(service), "paginators-1.sdk-extras.json")
    if os.path.exists(extras):  # botocore merges these at load time
        for op, extra in load(extras)["merge"]["pagination"].items():
            d.setdefault(op, {}).update(extra)
    return d


def write(path, kind, services):
    doc = {
        "_source": f"botocore {botocore.__version__} data/*/{kind}, Apache-2.0; "
        "regenerate with awsapi/paginate/testdata/extract.py",
        "services": services,
    }
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")


write(
    os.path.join(HERE, "botocore-paginators.json"),
    "paginators-1.json",
    {s: {op: paginators(s)[op] for op in ops} for s, ops in PAGINATORS.items()},
)
write(
    os.path.join(HERE, "..", "..", "waiter", "testdata", "botocore-waiters.json"),
    "waiters-2.json",
    {
        s: {n: load(os.path.join(latest(s), "waiters-2.json"))["waiters"][n] for n in names}
        for s, names in WAITERS.items()
    },
)
