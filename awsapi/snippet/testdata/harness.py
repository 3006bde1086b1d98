"""Runs AWS CLI argument lists and boto3 snippets without sending anything: the client's
_make_api_call is replaced by a recorder, so the output is exactly the parameters each would
send. Reads [{"argv": [...]} | {"python": "..."}] on stdin, writes [{"op":..., "params":...} |
{"error": ...}] on stdout. The parameters are recorded before the client's own event hooks, so
defaults those hooks add (idempotency tokens; the CLI's MinCount/MaxCount of 1 for ec2
run-instances) are not in them."""
import contextlib
import io
import json
import sys

import botocore.client


class Recorded(Exception):
    pass


calls = []


def record(self, operation_name, api_params):
    calls.append({"op": operation_name, "params": api_params})
    raise Recorded()


botocore.client.BaseClient._make_api_call = record


_driver = None


def run_cli(argv):
    # One driver for every case: building it loads the CLI's data, the slow part.
    global _driver
    if _driver is None:
        from awscli.clidriver import create_clidriver

        _driver = create_clidriver()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            _driver.main(argv)
        except SystemExit as e:  # argparse exits on a usage error
            return err.getvalue() + " (exit %s)" % e.code
    return err.getvalue()


_real_session = None
_sessions = {}


def _shared_session(**kwargs):
    # Every snippet makes its own boto3.Session; reusing one per set of arguments saves loading
    # botocore's data thirty times. The parameters sent do not depend on it.
    key = tuple(sorted(kwargs.items()))
    if key not in _sessions:
        _sessions[key] = _real_session(**kwargs)
    return _sessions[key]


def run_python(src):
    global _real_session
    import boto3

    if _real_session is None:
        _real_session = boto3.Session
        boto3.Session = _shared_session
    try:
        exec(compile(src, "<snippet>", "exec"), {})
    except Recorded:
        return ""
    except Exception as e:  # noqa: BLE001 - reported to the Go test
        return repr(e)
    return "snippet made no call"


def default(o):
    if isinstance(o, bytes):
        return o.decode("utf-8", "replace")
    return str(o)


out = []
for case in json.load(sys.stdin):
    del calls[:]
    msg = run_cli(case["argv"]) if "argv" in case else run_python(case["python"])
    if calls:
        out.append(calls[0])
    else:
        out.append({"error": msg})
json.dump(out, sys.stdout, default=default)
