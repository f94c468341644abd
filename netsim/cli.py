"""``python -m netsim``: ``trace`` (the built-in Docker demo), ``run SCRIPT``, ``shell`` and
``cleanup`` (what killed kernel-backend runs left behind)."""
from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def cmd_trace(args) -> int:
    from .scenarios import SCENARIOS
    scenario = SCENARIOS[args.scenario]
    lab, t = scenario.run(seed=args.seed, count=args.count)
    if args.json:
        d = t.to_dict()
        print(json.dumps({"steps": d["steps"], "disposition": d["disposition"]}, indent=1))
        return 0
    print(scenario.title)
    print(f"$ {scenario.command.format(count=args.count)}\n")
    print(t.to_text(details=args.details, width=args.width))
    print()
    print(t.result.stdout, end="")
    return 0


def cmd_run(args) -> int:
    from .commands.runner import run_script
    try:
        return run_script(args.script, jsonl=args.jsonl, backend=args.backend)
    except OSError as e:
        print(f"netsim: cannot read {args.script}: {e.strerror}", file=sys.stderr)
        return 2
    except Exception as e:  # pragma: no cover - never show a traceback to a student
        print(f"netsim: {e}", file=sys.stderr)
        return 2


def cmd_shell(args) -> int:
    from .commands.complete import HELP, Completer, install
    from .lab import Lab
    lab = Lab(seed=args.seed)

    def names() -> dict[str, list[str]]:
        snap = lab.backend.snapshot() if hasattr(lab.backend, "snapshot") else lab.kernel
        return {name: list(ns.by_name) for name, ns in snap.namespaces.items()}

    install(Completer(names))
    print("netsim shell: ip/bridge/sysctl/ping/iptables/nc commands on a simulated kernel; "
          "'help', TAB, 'exit'.")
    while True:
        try:
            line = input("netsim# ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip() in ("exit", "quit"):
            return 0
        if line.strip() in ("help", "?"):
            print(HELP, end="")
            continue
        if not line.strip():
            continue
        if line.strip().startswith("trace "):
            t = lab.trace(line.strip()[len("trace "):])
            print(t.to_text())
            res = t.result
        else:
            res = lab.sh(line)
        sys.stdout.write(res.stdout)
        sys.stderr.write(res.stderr)


def cmd_cleanup(args) -> int:
    from .backends.linux import cleanup, unavailable_reason
    reason = unavailable_reason()
    if reason is not None:
        print(f"netsim: {reason}", file=sys.stderr)
        return 2
    for name in cleanup():
        print(f"removed namespace {name}")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="netsim", description=__doc__)
    sub = p.add_subparsers(dest="cmd")
    t = sub.add_parser("trace", help="run a demo (default: the Docker bridge) and print its trace")
    t.add_argument("scenario", nargs="?", default="docker",
                   choices=["docker", "router", "arp-failure"],
                   help="which canned scenario (netsim.scenarios)")
    t.add_argument("--width", type=int, default=None,
                   help="wrap the trace to this many columns")
    t.add_argument("--json", action="store_true")
    t.add_argument("--details", action="store_true", help="show route candidates and other details")
    t.add_argument("--count", type=int, default=1)
    t.add_argument("--seed", type=int, default=0)
    r = sub.add_parser("run", help="run a scenario file of commands")
    r.add_argument("script")
    r.add_argument("--jsonl", action="store_true")
    r.add_argument("--backend", default="sim", choices=["sim", "kernel"])
    s = sub.add_parser("shell", help="an interactive prompt")
    s.add_argument("--seed", type=int, default=0)
    sub.add_parser("cleanup", help="remove the namespaces killed kernel-backend runs left")
    args = p.parse_args(argv)
    if args.cmd == "trace":
        return cmd_trace(args)
    if args.cmd == "run":
        return cmd_run(args)
    if args.cmd == "shell":
        return cmd_shell(args)
    if args.cmd == "cleanup":
        return cmd_cleanup(args)
    p.print_help()
    return 0
