# The oracle of TestFormatsMatchTheCLI: reads events as JSON lines on stdin ({"timestamp": ms,
# "logStreamName": s, "message": m}) and prints each in the formats of `aws logs tail` (AWS CLI
# v2, awscli/customizations/logs/tail.py), with the same Python calls its formatters make:
# timestamps from datetime.fromtimestamp(ms / 1000.0, tzutc()); detailed: isoformat with
# microseconds; short: strftime("%Y-%m-%dT%H:%M:%S"); json: isoformat() and, for a message that
# json.loads reads, "\n" + json.dumps(value, indent=4); every line rstrip()ed + "\n". CLI v2 is
# not installable here (the v1 CLI has no `logs tail`), so its formatting is run this way.
import json
import sys
from datetime import datetime

from dateutil import tz

FORMATS = ("detailed", "short", "json")


def line(fmt, ev):
    ts = datetime.fromtimestamp(ev["timestamp"] / 1000.0, tz.tzutc())
    msg = ev["message"]
    if fmt == "short":
        out = "%s %s" % (ts.strftime("%Y-%m-%dT%H:%M:%S"), msg)
    elif fmt == "detailed":
        out = "%s %s %s" % (ts.isoformat(timespec="microseconds"), ev["logStreamName"], msg)
    else:
        try:
            msg = "\n%s" % json.dumps(json.loads(msg), indent=4)
        except json.decoder.JSONDecodeError:
            pass
        out = "%s %s %s" % (ts.isoformat(), ev["logStreamName"], msg)
    return out.rstrip() + "\n"


out = {f: "" for f in FORMATS}
for raw in sys.stdin:
    ev = json.loads(raw)
    for f in FORMATS:
        out[f] += line(f, ev)
json.dump(out, sys.stdout)
