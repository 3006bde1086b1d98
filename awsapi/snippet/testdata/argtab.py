"""Prints the AWS CLI's argument table of every operation of the given CLI commands, as JSON:
{"<command> <operation command>": {"operation": "<Operation>", "members": {"<Member>": ["<option>",
"<boolean option>=true|false", ...]}}}."""
import json, sys
from awscli.clidriver import create_clidriver
from awscli.arguments import BooleanArgument, CLIArgument
d = create_clidriver()
ct = d._get_command_table()
out = {}
for svc in sys.argv[1:]:
    cmd = ct.get(svc)
    if cmd is None or not hasattr(cmd, "_get_command_table"):
        continue  # not a service command (e.g. the high-level s3)
    for op, oc in cmd._get_command_table().items():
        om = getattr(oc, "_operation_model", None)
        if om is None or op == "help":
            continue
        try:
            at = oc.arg_table
        except Exception:  # noqa: BLE001 - a customization that cannot build: skip it
            continue
        m = {}
        for name, arg in at.items():
            sn = getattr(arg, "_serialized_name", None)
            if sn is None:
                continue
            kind = ""
            if isinstance(arg, BooleanArgument):
                kind = "false" if getattr(arg, "_action", "") == "store_false" else "true"
            m.setdefault(sn, []).append(name + ("=" + kind if kind else ""))
        out[svc + " " + op] = {"operation": om.name, "members": m}
json.dump(out, sys.stdout)
