"""Serialize requests with the installed botocore, for TestMatchesBotocoreSerializer.

Reads JSON lines {"service", "operation", "input"} on stdin and writes one JSON line per request:
{"method", "path", "query", "headers", "body_b64"} or {"error"}. Only botocore's serializer runs
(no client, no handlers, no network), so this is what botocore puts on the wire before signing.
"""
import base64
import json
import sys
import urllib.parse

import botocore.serialize
import botocore.session

session = botocore.session.get_session()
models, serializers = {}, {}

for line in sys.stdin:
    req = json.loads(line)
    try:
        name = req["service"]
        if name not in models:
            models[name] = session.get_service_model(name)
            m = models[name]
            serializers[name] = botocore.serialize.create_serializer(m.resolved_protocol, include_validation=False)
        model = models[name]
        op = model.operation_model(req["operation"])
        r = serializers[name].serialize_to_request(req["input"], op)
        body = r["body"]
        if isinstance(body, dict):  # query protocols leave the form to the HTTP layer
            body = urllib.parse.urlencode(body, doseq=True)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if body is None:
            body = b""
        if not isinstance(body, (bytes, bytearray)):
            body = body.read()
        query = r["query_string"]
        if isinstance(query, dict):
            query = urllib.parse.urlencode(query, doseq=True)
        out = {"method": r["method"], "path": r["url_path"], "query": query,
               "headers": {k: str(v) for k, v in r["headers"].items()},
               "body_b64": base64.b64encode(bytes(body)).decode()}
    except Exception as e:  # reported per request, the run goes on
        out = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
