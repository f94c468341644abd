"""``python -m netsim``: ``trace`` (the built-in Docker demo), ``run SCRIPT``, ``shell`` and
``cleanup`` (what killed kernel-backend runs left behind)."""
from __future__ import annotations

import argparse
import json
import sys

__all__ = ["main"]


def cmd_trace(args) -> int:
    from .lab import docker_demo
    lab = docker_demo(seed=args.seed)
    t = lab.ping("c1", "172.17.0.3", count=args.count)
    if args.json:
        d = t.to_dict()
        print(json.dumps({"steps": d["steps"], "disposition": d["disposition"]}, indent=1))
        return 0
    print("Docker's default bridge: host/docker0 172.17.0.1/16, c1 172.17.0.2, c2 172.17.0.3")
    print(f"$ ip netns exec c1 ping -c {args.count} 172.17.0.3\n")
    print(t.to_text(details=args.details))
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
    from .lab import Lab
    lab = Lab(seed=args.seed)
    try:
        import readline  # noqa: F401  (history and line editing where available)
    except ImportError:
        pass
    print("netsim shell: type ip/bridge/sysctl/ping/iptables/nc commands; 'help', 'exit'.")
    while True:
        try:
            line = input("netsim# ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if line.strip() in ("exit", "quit"):
            return 0
        if line.strip() == "help":
            print("ip netns add NS | ip -n NS link add A type veth peer name B netns NS2 | "
                  "ip -n NS addr add A/LEN dev D | ip -n NS link set D up | "
                  "ip netns exec NS ping -c 1 A | bridge -n NS fdb show")
            continue
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
    t = sub.add_parser("trace", help="run the Docker bridge demo and print its trace")
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
