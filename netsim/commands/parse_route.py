"""iproute2's argument parsing, second half: ``ip route``, ``ip rule``, ``ip neigh`` and
``bridge fdb`` arguments -> typed commands (models ``ip/iproute.c``, ``ip/iprule.c``,
``ip/ipneigh.c``, ``bridge/fdb.c``).  The helpers, the link and address parsers and the
whole-line :func:`~netsim.commands.parser.parse` are in :mod:`.parser`.
"""
from __future__ import annotations

from . import model as m
from ._util import CmdError
from .parser import (_NO_CHECK, Checker, _addr_or_die, _prefix_or_die, _scope, _table_or_die,
                     _uint, duparg, invarg, mac_or_die, missarg, need)

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
            v = need(a, i)
            if not v.isdigit():
                raise invarg('"metric" value is invalid\n', v)
            r["metric"] = int(v)
        elif t in ("table", "lookup"):
            i += 1
            r["table"] = _table_or_die(need(a, i))
        elif t == "scope":
            i += 1
            r["scope"] = _scope(need(a, i))
        elif t in ("proto", "protocol"):
            i += 1
            r["proto"] = need(a, i)
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
        elif t in ("mtu", "advmss", "weight", "realm", "realms", "expires", "initcwnd"):
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
        raise missarg("to")
    if r.get("dev") is not None:
        chk.dev(ns, r["dev"])
    if mode == "delete":
        return m.RouteDel(ns=ns, **r)
    return m.RouteAdd(ns=ns, mode=mode, **r)


def parse_route_select(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.RouteFlush:
    """The selectors of ``ip route show|flush [table T|all] [PREFIX] [dev DEV]``."""
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t in ("table", "tab"):
            i += 1
            v = need(a, i)
            f["table"] = None if v == "all" else _table_or_die(v)
        elif t in ("dev", "oif"):
            i += 1
            f["dev"] = need(a, i)
            chk.dev(ns, f["dev"])
        elif t in ("exact", "to", "root", "match"):
            pass
        elif t in ("proto", "protocol", "scope", "type", "via", "src"):
            i += 1
        else:
            f["dst"], f["plen"] = _prefix_or_die(t)
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
            f["src"] = _addr_or_die(need(a, i).split("/")[0])
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
        raise CmdError(255, "need at least a destination address\n")
    return m.RouteGet(dst=dst, ns=ns, **f)


# ============================================================================ ip rule
def parse_rule(verb: str, a: list[str], ns: str | None) -> m.RuleAdd | m.RuleDel:
    """``ip rule add|del [not] [from P] [to P] [iif D] [oif D] [priority N] [lookup T]``."""
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t in ("from", "to"):
            i += 1
            addr, plen = _prefix_or_die(need(a, i))
            key = "src" if t == "from" else "dst"
            f[key], f[key + "_len"] = addr, plen
        elif t in ("table", "lookup"):
            i += 1
            v = need(a, i)
            f["table"] = m.TABLES.get(v, int(v) if v.isdigit() else 0)
        elif t in ("priority", "pref", "preference", "prio"):
            i += 1
            f["priority"] = _uint(need(a, i), "preference value is invalid\n")
        elif t in ("iif", "dev"):
            i += 1
            f["iif"] = need(a, i)
        elif t == "oif":
            i += 1
            f["oif"] = need(a, i)
        elif t == "not":
            f["invert"] = True
        elif t in ("blackhole", "unreachable", "prohibit"):
            f["action"] = t
        i += 1
    return (m.RuleAdd if verb == "add" else m.RuleDel)(ns=ns, **f)


# ============================================================================ ip neigh
def parse_neigh_modify(mode: str, a: list[str], ns: str | None,
                       chk: Checker = _NO_CHECK) -> m.NeighAdd | m.NeighDel:
    """``ip neigh add|change|replace|delete [to] ADDR [lladdr MAC] [nud STATE] dev DEV``."""
    addr = dev = lladdr = None
    nud = "permanent"
    i = 0
    while i < len(a):
        t = a[i]
        if t == "lladdr":
            i += 1
            lladdr = mac_or_die(need(a, i))
        elif t == "nud":
            i += 1
            nud = need(a, i)
            if nud not in NUD_ARG:
                raise invarg("nud state is bad", nud)
        elif t == "dev":
            i += 1
            dev = need(a, i)
        elif t in ("proxy", "router", "extern_learn", "use", "managed"):
            pass
        else:
            if t == "to":
                i += 1
                t = need(a, i)
            addr = _addr_or_die(t, "inet address")
        i += 1
    if dev is None or addr is None:
        raise CmdError(255, "Device and destination are required arguments.\n")
    chk.dev(ns, dev)
    if mode == "delete":
        return m.NeighDel(dst=addr, dev=dev, ns=ns)
    return m.NeighAdd(dst=addr, dev=dev, ns=ns, mode=mode, lladdr=lladdr, nud=nud)


def parse_neigh_select(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.NeighFlush:
    """The selectors of ``ip neigh show|flush [[to] ADDR] [dev DEV]``."""
    dev = addr = None
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            dev = need(a, i)
            chk.dev(ns, dev)
        elif t in ("nud", "master", "vrf"):
            i += 1
        elif t in ("proxy", "to"):
            pass
        else:
            addr = _addr_or_die(t.split("/")[0], "inet address")
        i += 1
    return m.NeighFlush(ns=ns, dev=dev, dst=addr)


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
            if verb == "add":
                f["state"] = "permanent" if t == "local" else t
        elif t == "dst":
            i += 1
            f["dst"] = _addr_or_die(need(a, i))
        elif t in ("vni", "vlan"):
            i += 1
            if t == "vni" and verb != "add":
                pass
            else:
                f[t] = _uint(need(a, i), f"invalid {t} value", 24 if t == "vni" else 12)
        elif t in ("port", "via", "src_vni", "nhid"):
            i += 1
        elif t in ("router", "use", "extern_learn", "sticky"):
            pass
        elif mac is None:
            mac = mac_or_die(t)
        else:
            raise duparg("dev", t)
        i += 1
    if dev is None or mac is None:
        raise CmdError(255, "Device and address are required arguments.\n")
    chk.dev(ns, dev)
    return (m.FdbAdd if verb == "add" else m.FdbDel)(mac=mac, dev=dev, ns=ns, **f)
