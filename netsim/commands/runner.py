"""Run a scenario file (``../shared/conformance/FORMAT.md``): one command per line; each gives a
record ``{"n", "cmd", "rc", "stdout", "stderr"}``; then one ``ip -n NS -j link show`` record per
namespace the scenario created that still exists, in sorted name order."""
from __future__ import annotations

import json

from .shell import Shell

__all__ = ["run_script", "script_records"]


def script_records(text: str, shell: Shell | None = None, backend: str = "sim"):
    """Yield the records of running ``text`` line by line."""
    if shell is None:
        from ..lab import Lab
        shell = Lab(backend=backend).shell
    created = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        res = shell.run(line)
        parts = line.split()
        if parts[:3] == ["ip", "netns", "add"] and len(parts) > 3 and res.rc == 0:
            created.add(parts[3])
        yield {"n": n, "cmd": line, "rc": res.rc, "stdout": res.stdout, "stderr": res.stderr}
    for name in sorted(created):
        if name in shell.backend.snapshot().namespaces:
            cmd = f"ip -n {name} -j link show"
            res = shell.run(cmd)
            yield {"n": "dump", "cmd": cmd, "rc": res.rc, "stdout": res.stdout,
                   "stderr": res.stderr}


def run_script(path: str, jsonl: bool = False, out=None, backend: str = "sim") -> int:
    import sys
    out = out or sys.stdout
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    for rec in script_records(text, backend=backend):
        if jsonl:
            out.write(json.dumps(rec) + "\n")
            continue
        if rec["n"] == "dump":
            continue
        out.write(f"$ {rec['cmd']}\n{rec['stdout']}")
        if rec["stderr"]:
            sys.stderr.write(rec["stderr"])
            sys.stderr.flush()
    return 0
