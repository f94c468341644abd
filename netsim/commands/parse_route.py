"""iproute2's argument parsing, second half: ``ip route``, ``ip rule``, ``ip neigh`` and
``bridge fdb`` arguments -> typed commands (models ``ip/iproute.c``, ``ip/iprule.c``,
``ip/ipneigh.c``, ``bridge/fdb.c``).  The helpers, the link and address parsers and the
whole-line :func:`~netsim.commands.parser.parse` are in :mod:`.parser`.
"""
from __future__ import annotations

import re

from . import model as m
from ipaddress import IPv4Address

from ._util import CmdError, matches, parse_prefix
from .parser import (_NO_CHECK, Checker, _addr_or_die, _prefix_or_die, _scope, _table_or_die,
                     _uint, duparg, invarg, mac_or_die, need)
from .usage import ROUTE_USAGE

__all__ = ["parse_route_modify", "parse_route_select", "parse_route_get", "parse_rule",
           "parse_neigh_modify", "parse_neigh_select", "parse_fdb_modify"]

NUD_ARG = set(m.NUD_STATES)


# ============================================================================ ip route
def _route_args(a: list[str]) -> dict:
    r: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t == "via":
            if "via" in r:
                raise invarg("use nexthop syntax to specify multiple via\n", t)
            i += 1
            v = need(a, i)
            if v == "inet":
                i += 1
                v = need(a, i)
            r["via"] = _addr_or_die(v)
        elif t in ("dev", "oif"):
            i += 1
            r["dev"] = need(a, i)
        elif t == "src":
            i += 1
            r["src"] = _addr_or_die(need(a, i))
        elif t in ("metric", "priority", "preference"):
            i += 1
            r["metric"] = _uint(need(a, i), '"metric" value is invalid\n')
        elif t in ("table", "lookup"):
            i += 1
            # table 0 (RT_TABLE_UNSPEC) is main to the kernel (fib_new_table)
            r["table"] = _table_or_die(need(a, i)) or m.TABLES["main"]
        elif t == "scope":
            i += 1
            r["scope"] = _scope(need(a, i), 'invalid "scope" value\n')
        elif t in ("proto", "protocol"):
            i += 1
            v = need(a, i)
            if v not in m.RT_PROTOS and not (v.isdigit() and int(v) < 256):
                raise invarg('"protocol" value is invalid\n', v)      # rtnl_rtprot_a2n()
            r["proto"] = _PROTO_NUMBERS.get(v, v)      # shown by name (rtnl_rtprot_n2a)
        elif t == "onlink":
            r["onlink"] = True
        elif t in ("tos", "dsfield"):
            i += 1
            v = need(a, i)
            try:
                r["tos"] = int(v, 0)
            except ValueError:
                raise invarg('"tos" value is invalid\n', v) from None
        elif t in m.ROUTE_TYPES and "dst" not in r and "type" not in r:
            r["type"] = t
        elif t == "to":
            i += 1
            r["dst"], r["plen"] = _prefix_or_die(need(a, i))
        elif t in m.RTAX_NAMES:
            i += 1
            v = need(a, i)
            lock = v == "lock"
            if lock:
                i += 1
                v = need(a, i)
            metrics = dict((n, (x, k)) for n, x, k in r.get("metrics", ()))
            metrics[t] = (_uint(v, f'"{t}" value is invalid\n'), lock)
            r["metrics"] = tuple((n, *metrics[n]) for n in m.RTAX_NAMES if n in metrics)
        elif t in ("rtt", "rttvar", "rto_min", "features", "quickack", "congctl",
                   "fastopen_no_cookie", "realm", "realms", "nhid", "nexthop", "encap",
                   "pref", "ttl-propagate"):
            raise CmdError(2, f"netsim: not supported yet: ip route ... {t}\n")
        elif t in ("weight", "expires"):
            i += 1
        else:
            if "dst" in r:
                raise duparg("to", t)
            r["dst"], r["plen"] = _prefix_or_die(t)
        i += 1
    return r


def parse_route_modify(mode: str, a: list[str], ns: str | None,
                       chk: Checker = _NO_CHECK) -> m.RouteAdd | m.RouteDel:
    """``ip route add|change|replace|prepend|append|delete [TYPE] PREFIX [via GW] [dev DEV]
    [onlink] [src A] [metric N] [table T] [scope S] [proto P]``."""
    r = _route_args(a)
    if "dst" not in r:
        raise CmdError(255, ROUTE_USAGE)          # iproute_modify(): usage() without a prefix
    if r.get("dev") is not None:
        chk.dev(ns, r["dev"])
    if mode == "delete":
        r.pop("metrics", None)                    # the kernel does not match on them
        return m.RouteDel(ns=ns, **r)
    return m.RouteAdd(ns=ns, mode=mode, **r)


_PROTO_NUMBERS = m.RT_PROTO_NAMES


def parse_route_select(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.RouteFlush:
    """The selectors of ``ip route show|flush [table T|all] [cache] [PREFIX] [dev DEV]
    [proto P] [scope S]``."""
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        # iproute_list_flush_or_save(): the words in the order it tests them
        if matches(t, "table"):
            i += 1
            v = need(a, i)
            f["table"] = None if v == "all" else _table_or_die(v, "table id value is invalid\n")
        elif matches(t, "protocol"):
            i += 1
            v = need(a, i)
            f["proto"] = _PROTO_NUMBERS.get(v, v)
        elif matches(t, "scope"):
            i += 1
            f["scope"] = _scope(need(a, i), 'invalid "scope" value\n')
        elif matches(t, "type"):
            i += 1
            v = need(a, i)
            if v not in m.ROUTE_TYPES:
                raise invarg("node type value is invalid\n", v)
            f["type"] = v
        elif t in ("dev", "oif"):
            i += 1
            f["dev"] = need(a, i)
            chk.dev(ns, f["dev"])
        elif matches(t, "metric") or matches(t, "priority") or t == "preference":
            i += 1
            f["metric"] = _uint(need(a, i), '"metric" value is invalid\n')
        elif t in ("via", "src"):
            i += 1
            f[t], f[t + "_plen"] = _prefix_or_die(need(a, i))
        elif t in ("vrf", "cached", "cloned", "tos", "dsfield", "iif", "mark", "realms",
                   "from"):
            raise CmdError(2, f"netsim: not supported yet: ip route show {t}\n")
        elif t == "cache":
            f["cache"] = True
        else:
            if matches(t, "to"):
                i += 1
                t = need(a, i)
            mode = "exact"
            for word in ("root", "match", "exact"):
                if matches(t, word):
                    mode = word
                    i += 1
                    t = need(a, i)
                    break
            f["dst"], f["plen"] = _prefix_or_die(t)
            f["dst_mode"] = mode
        i += 1
    return m.RouteFlush(ns=ns, **f)


def parse_route_get(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.RouteGet:
    """``ip route get [to] ADDR [from A] [iif DEV] [oif DEV] [mark N] [tos N] [connected]``."""
    f: dict = {}
    dst = None
    i = 0
    while i < len(a):
        t = a[i]
        if t == "from":
            i += 1
            f["src"] = _addr_or_die(need(a, i).split("/")[0], "inet prefix")
        elif t == "iif":
            i += 1
            f["iif"] = need(a, i)
            chk.dev(ns, f["iif"])
        elif t in ("oif", "dev"):
            i += 1
            f["oif"] = need(a, i)
            chk.dev(ns, f["oif"])
        elif t == "to":
            pass
        elif t in ("mark", "tos", "dsfield"):
            i += 1
            v = need(a, i)
            try:
                f["mark" if t == "mark" else "tos"] = int(v, 0)
            except ValueError:
                raise invarg("invalid mark value" if t == "mark" else '"tos" value is invalid\n',
                             v) from None
        elif t in ("uid", "ipproto", "sport", "dport", "vrf"):
            i += 1
        elif t in ("connected", "fibmatch"):
            f[t] = True
        else:
            dst, _plen = _prefix_or_die(t, allow_default=False)
        i += 1
    if dst is None:
        raise CmdError(1, "need at least a destination address\n")
    return m.RouteGet(dst=dst, ns=ns, **f)


# ============================================================================ ip rule
def parse_rule(verb: str, a: list[str], ns: str | None) -> m.RuleAdd | m.RuleDel:
    """``ip rule add|del [not] [from P] [to P] [iif D] [oif D] [priority N] [lookup T]``."""
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        # iprule_modify(): the words in the order it tests them
        if t in ("from", "to"):
            i += 1
            addr, plen = _prefix_or_die(need(a, i))
            key = "src" if t == "from" else "dst"
            f[key], f[key + "_len"] = addr, plen
        elif t == "not":
            f["invert"] = True
        elif any(matches(t, w) for w in ("preference", "order", "priority")):
            i += 1
            f["priority"] = _uint(need(a, i), "preference value is invalid\n")
        elif t in ("tos", "fwmark", "l3mdev", "uidrange", "nat", "ipproto", "sport", "dport",
                   "sup_pl", "sup_group") or \
                any(matches(t, w) for w in ("dsfield", "realms", "protocol", "tun_id",
                                            "suppress_prefixlength", "suppress_ifgroup",
                                            "map-to")):
            raise CmdError(2, f"netsim: not supported yet: ip rule ... {t}\n")
        elif matches(t, "table") or t == "lookup":
            i += 1
            f["table"] = _table_or_die(need(a, i), "invalid table ID\n")
        elif t in ("iif", "dev"):
            i += 1
            f["iif"] = need(a, i)
        elif t == "oif":
            i += 1
            f["oif"] = need(a, i)
        else:
            if t == "type":
                i += 1
                t = need(a, i)
            if matches(t, "help") or matches(t, "goto") or matches(t, "nop"):
                raise CmdError(2, f"netsim: not supported yet: ip rule ... {t}\n")
            if t in ("blackhole", "unreachable", "prohibit"):
                f["action"] = t
            elif t != "unicast":           # RTN_UNICAST is FR_ACT_TO_TBL: a lookup
                if t in m.ROUTE_TYPES:
                    raise CmdError(2, f"netsim: not supported yet: ip rule ... {t}\n")
                raise invarg("Failed to parse rule type", t)
        i += 1
    return (m.RuleAdd if verb == "add" else m.RuleDel)(ns=ns, **f)


# ============================================================================ ip neigh
def parse_neigh_modify(mode: str, a: list[str], ns: str | None, chk: Checker = _NO_CHECK,
                       family4: bool = False) -> m.NeighAdd | m.NeighDel:
    """``ip neigh add|change|replace|delete [to] ADDR [lladdr MAC] [nud STATE] dev DEV``
    (``family4``: ``ip -4``, which names the address it expects "inet address")."""
    addr = dev = lladdr = None
    nud = "permanent"
    i = 0
    while i < len(a):
        t = a[i]
        if t == "lladdr":
            i += 1
            lladdr = need(a, i)             # converted after the loop, as ipneigh_modify does
        elif t == "nud":
            i += 1
            nud = need(a, i)
            if nud not in NUD_ARG:
                raise invarg("nud state is bad", nud)
        elif t == "dev":
            i += 1
            dev = need(a, i)
        elif matches(t, "proxy"):
            raise CmdError(2, "netsim: not supported yet: proxy neighbour entries\n")
        elif t in ("router", "extern_learn", "use", "managed"):
            pass
        else:
            if t == "to":
                i += 1
                t = need(a, i)
            if addr is not None:
                raise CmdError(255, f'Error: either "to" is duplicate, or "{t}" is a garbage.\n')
            addr = _addr_or_die(t, "inet address" if family4 else "any valid address")
        i += 1
    if lladdr is not None:
        # the kernel checks the length (neigh_add: "Invalid link address"); a typed command
        # holds only a 6-byte MAC, so the refusal is made here
        lladdr = mac_or_die(lladdr, CmdError(2, "Error: Invalid link address.\n"))
    if dev is None or addr is None:
        raise CmdError(255, "Device and destination are required arguments.\n")
    chk.dev(ns, dev)
    if mode == "delete":
        return m.NeighDel(dst=addr, dev=dev, ns=ns)
    return m.NeighAdd(dst=addr, dev=dev, ns=ns, mode=mode, lladdr=lladdr, nud=nud)


def parse_neigh_select(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.NeighFlush:
    """The selectors of ``ip neigh show|flush [[to] PREFIX] [dev DEV] [nud STATE|all]...``."""
    f: dict = {}
    nud: list[str] = []
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            f["dev"] = need(a, i)
            chk.dev(ns, f["dev"])
        elif t == "nud":                       # filter.state: the union of the states
            i += 1
            v = need(a, i)
            if v != "all" and v not in NUD_ARG:
                raise invarg("nud state is bad", v)
            nud.append(v)
        elif t in ("master", "vrf"):
            i += 1
        elif t == "proxy":
            raise CmdError(2, "netsim: not supported yet: proxy neighbour entries\n")
        elif t == "to":
            pass
        else:
            p = parse_prefix(t)
            if p is None:
                raise invarg("to value is invalid\n", t)
            f["dst"] = IPv4Address(p[0])
            f["plen"] = None if p[1] == 32 else p[1]
        i += 1
    return m.NeighFlush(ns=ns, nud=tuple(nud), **f)


# ============================================================================ bridge fdb
def parse_fdb_modify(verb: str, a: list[str], ns: str | None,
                     chk: Checker = _NO_CHECK) -> m.FdbAdd | m.FdbDel:
    """``bridge fdb add|del MAC dev DEV [master] [self] [permanent|static|dynamic] [dst A]
    [vni N] [vlan N]``."""
    mac = dev = None
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            dev = need(a, i)
        elif t in ("master", "self"):
            f["self_" if t == "self" else "master"] = True
        elif t in ("permanent", "local", "static", "dynamic"):
            if verb != "del":
                f["state"] = "permanent" if t == "local" else t
        elif t == "dst":
            i += 1
            f["dst"] = _addr_or_die(need(a, i))
        elif t in ("vni", "vlan"):
            i += 1
            if t == "vni" and verb == "del":
                pass
            else:
                f[t] = _uint(need(a, i), f"invalid {t} value", 24 if t == "vni" else 12)
        elif t in ("port", "via", "src_vni", "nhid"):
            i += 1
        elif t in ("router", "use", "extern_learn", "sticky"):
            pass
        elif mac is None:
            mac = t
        else:
            raise duparg("dev", t)
        i += 1
    if dev is None or mac is None:
        raise CmdError(255, "Device and address are required arguments.\n")
    mac = _fdb_mac(mac)
    chk.dev(ns, dev)
    if verb == "del":
        return m.FdbDel(mac=mac, dev=dev, ns=ns, **f)
    return m.FdbAdd(mac=mac, dev=dev, ns=ns, mode=verb, **f)


_SCANF_HEX = r"\s*[-+]?(?:0[xX])?([0-9a-fA-F]+)"
_FDB_MAC = re.compile(":".join([_SCANF_HEX] * 6))


def _fdb_mac(v: str) -> str:
    """fdb_modify()'s sscanf("%hhx:%hhx:%hhx:%hhx:%hhx:%hhx"): six fields (anything after
    them is ignored), each kept modulo 256; else ``Invalid mac address`` (status 255)."""
    mt = _FDB_MAC.match(v)
    if mt is None:
        raise CmdError(255, f"Invalid mac address {v}\n")
    return ":".join(f"{int(x, 16) & 0xFF:02x}" for x in mt.groups())
