"""Runs AWS CLI argument lists and boto3 snippets without sending anything: the client's
_make_api_call is replaced by a recorder, so the output is exactly the parameters each would
send. Reads [{"argv": [...]} | {"python": "..."}] on stdin, writes [{"op":..., "params":...} |
{"error": ...}] on stdout."""
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


def run_cli(argv):
    from awscli.clidriver import create_clidriver

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            create_clidriver().main(argv)
        except SystemExit as e:  # argparse exits on a usage error
            return err.getvalue() + " (exit %s)" % e.code
    return err.getvalue()


def run_python(src):
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
