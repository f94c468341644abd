"""The ``conntrack`` program (conntrack-tools 1.4.7) over a namespace's connection table:
``-L`` (list), ``-C`` (count), ``-D`` (delete), ``-F`` (flush), with the filters
``-s/-d/-r/-q ADDR``, ``-p PROTO``, ``--sport/--dport PORT``, ``--state STATE``,
``-n/-g [ADDR]`` (source/destination NAT) and ``-o extended``.

Lines are printed as libnetfilter_conntrack's ``nfct_snprintf`` writes them (checked against the
real tool in a namespace): protocol name padded to 8, number, seconds left, TCP state, the
original tuple, ``[UNREPLIED]``, the reply tuple, ``[ASSURED]``, ``mark=0 use=1``.  The summary
goes to stderr.  The kernel dumps entries in hash order; netsim lists them oldest first.
"""
from __future__ import annotations

from ipaddress import IPv4Address

from .kernel.conntrack import PROTO_NAMES, Conn

__all__ = ["conntrack_cmd", "conntrack_line", "conntrack_list"]

PROG = "conntrack v1.4.7 (conntrack-tools)"
TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n"
_PROTOS = {"tcp": 6, "udp": 17, "icmp": 1, "udplite": 136, "sctp": 132, "dccp": 33,
           "gre": 47, "icmpv6": 58}
_COMMANDS = {"-L": "L", "--dump": "L", "-C": "C", "--count": "C", "-F": "F", "--flush": "F",
             "-D": "D", "--delete": "D"}
_ADDR_OPTS = {"-s": "src", "--src": "src", "--orig-src": "src", "-d": "dst", "--dst": "dst",
              "--orig-dst": "dst", "-r": "rsrc", "--reply-src": "rsrc", "-q": "rdst",
              "--reply-dst": "rdst"}
_NAT_OPTS = {"-n": "snat", "--src-nat": "snat", "-g": "dnat", "--dst-nat": "dnat"}
_PORT_OPTS = {"--sport": "sport", "--orig-port-src": "sport", "--dport": "dport",
              "--orig-port-dst": "dport"}


def conntrack_line(ct: Conn, now: float, extended: bool = False) -> str:
    """One entry as ``conntrack -L`` prints it."""
    o, r = ct.tuples
    name = PROTO_NAMES.get(o.proto, "unknown")
    s = "ipv4     2 " if extended else ""
    s += f"{name:<8} {o.proto} {max(0, int(ct.expires - now))} "
    if ct.tcp_state:
        s += f"{ct.tcp_state} "
    s += o.text() + " "
    if not ct.seen_reply:
        s += "[UNREPLIED] "
    s += r.text() + " "
    if ct.assured:
        s += "[ASSURED] "
    return s + f"mark={ct.mark} use=1"


def _entries(ns) -> list[Conn]:
    if ns.conntrack is None:
        return []
    return ns.conntrack.live(ns.kernel.clock.now)


def conntrack_list(ns) -> str:
    """Every live entry of ``ns``, one ``conntrack -L`` line each."""
    now = ns.kernel.clock.now
    return "".join(conntrack_line(ct, now) + "\n" for ct in _entries(ns))


class _Bad(Exception):
    pass


def _usage_error(msg: str) -> _Bad:
    return _Bad(f"{PROG}: {msg}\n{TRY}")


def _parse(argv: list[str]):
    cmd, filt, extended = None, {}, False
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        nxt = argv[i] if i < len(argv) and not argv[i].startswith("-") else None
        if a in _COMMANDS:
            cmd = _COMMANDS[a]
            if nxt == "conntrack":
                i += 1
            continue
        if a in _ADDR_OPTS or a in _PORT_OPTS or a in ("-p", "--proto", "--protonum",
                                                       "--state", "-o", "--output"):
            if nxt is None:
                raise _usage_error(f"option `{a}' requires an argument")
            i += 1
            if a in _ADDR_OPTS:
                try:
                    filt[_ADDR_OPTS[a]] = int(IPv4Address(nxt))
                except ValueError:
                    raise _Bad(f"{PROG}: can't parse IP address `{nxt}'\n") from None
            elif a in _PORT_OPTS:
                filt[_PORT_OPTS[a]] = int(nxt) if nxt.isdigit() else -1
            elif a in ("-o", "--output"):
                extended = "extended" in nxt.split(",")
            elif a == "--state":
                filt["state"] = nxt.upper()
            else:
                num = _PROTOS.get(nxt.lower(), int(nxt) if nxt.isdigit() else None)
                if num is None:
                    raise _usage_error(f"`{nxt}' unsupported protocol")
                filt["proto"] = num
            continue
        if a in _NAT_OPTS:
            filt[_NAT_OPTS[a]] = int(IPv4Address(nxt)) if nxt else None
            if nxt:
                i += 1
            continue
        raise _usage_error(f"unknown option `{a}'")
    return cmd, filt, extended


def _match(ct: Conn, f: dict) -> bool:
    o, r = ct.tuples
    checks = (("src", o.src), ("dst", o.dst), ("rsrc", r.src), ("rdst", r.dst),
              ("proto", o.proto), ("sport", o.sport), ("dport", o.dport),
              ("state", ct.tcp_state))
    if any(k in f and f[k] != v for k, v in checks):
        return False
    if "snat" in f and not (ct.snat and (f["snat"] is None or f["snat"] == r.dst)):
        return False
    if "dnat" in f and not (ct.dnat and (f["dnat"] is None or f["dnat"] == r.src)):
        return False
    return True


def conntrack_cmd(ns, argv: list[str]) -> tuple[int, str, str]:
    """``conntrack ARGV`` in ``ns``: (exit status, stdout, stderr)."""
    if not argv:
        return 0, _USAGE, ""
    try:
        cmd, filt, extended = _parse(argv)
    except _Bad as e:
        return 2, "", str(e)
    if cmd is None:
        return 2, "", f"{PROG}: no command specified\n{TRY}"
    now = ns.kernel.clock.now
    found = [ct for ct in _entries(ns) if _match(ct, filt)]
    if cmd == "C":
        return 0, f"{len(found)}\n", ""
    if cmd == "F":
        for ct in found:
            ns.conntrack.remove(ct)
        return 0, "", f"{PROG}: connection tracking table has been emptied.\n"
    out = "".join(conntrack_line(ct, now, extended) + "\n" for ct in found)
    if cmd == "D":
        for ct in found:
            ns.conntrack.remove(ct)
        return 0, out, f"{PROG}: {len(found)} flow entries have been deleted.\n"
    return 0, out, f"{PROG}: {len(found)} flow entries have been shown.\n"


_USAGE = """Command line interface for the connection tracking system. Version 1.4.7
Usage: conntrack [commands] [options]

Commands:
  -L [table] [options]\t\tList conntrack or expectation table
  -G [table] parameters\t\tGet conntrack or expectation
  -D [table] parameters\t\tDelete conntrack or expectation
  -I [table] parameters\t\tCreate a conntrack or expectation
  -U [table] parameters\t\tUpdate a conntrack
  -E [table] [options]\t\tShow events
  -F [table]\t\t\tFlush table
  -C [table]\t\t\tShow counter
  -S\t\t\t\tShow statistics

Tables: conntrack, expect, dying, unconfirmed

Conntrack parameters and options:
  -n, --src-nat ip\t\t\tsource NAT ip
  -g, --dst-nat ip\t\t\tdestination NAT ip
  -j, --any-nat ip\t\t\tsource or destination NAT ip
  -m, --mark mark\t\t\tSet mark
  -c, --secmark secmark\t\t\tSet selinux secmark
  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY
  -z, --zero \t\t\t\tZero counters while listing
  -o, --output type[,...]\t\tOutput format, eg. xml
  -l, --label label[,...]\t\tconntrack labels

Expectation parameters and options:
  --tuple-src ip\tSource address in expect tuple
  --tuple-dst ip\tDestination address in expect tuple

Updating parameters and options:
  --label-add label\tAdd label
  --label-del label\tDelete label

Common parameters and options:
  -s, --src, --orig-src ip\t\tSource address from original direction
  -d, --dst, --orig-dst ip\t\tDestination address from original direction
  -r, --reply-src ip\t\tSource addres from reply direction
  -q, --reply-dst ip\t\tDestination address from reply direction
  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'
  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'
  -t, --timeout timeout\t\tSet timeout
  -u, --status status\t\tSet status, eg. ASSURED
  -w, --zone value\t\tSet conntrack zone
  --orig-zone value\t\tSet zone for original direction
  --reply-zone value\t\tSet zone for reply direction
  -b, --buffer-size\t\tNetlink socket buffer size
  --mask-src ip\t\t\tSource mask address
  --mask-dst ip\t\t\tDestination mask address

"""
