"""The kernel backend's ``apply()``: each typed command of :mod:`netsim.commands.model` as the
netlink request iproute2 (``ip``/``bridge``) or ``sysctl`` would send, through pyroute2.

One function per command class, ``apply_<ClassName>(lab, cmd)``.  Device names are resolved in
the command's namespace first (iproute2's ``Cannot find device "x"``); everything else is left
to the kernel, whose refusal comes back as a NetsimError with its errno and extack.  A ``link
set`` is one RTM_NEWLINK carrying every attribute, so the kernel applies them in do_setlink()'s
own order (netns, address, mtu, master, name, flags), as it does for ``ip``.
"""
from __future__ import annotations

import errno
import os
from ipaddress import IPv4Address

from ..errors import Invalid, NetsimError
from ..commands import model as m
from .linux import (FIB_RULE_INVERT, MACVLAN_MODES, NTF_MASTER, NTF_SELF, NUD,
                    RT_PROTOS, ROUTE_TYPES, RULE_ACTIONS, RTNH_F_ONLINK, SYSCTL_RE,
                    _ERRNO_CLASSES, _write_sysctls, in_netns)

__all__ = [f"apply_{name}" for name in (
    "NetnsAdd", "NetnsDel", "LinkAdd", "LinkDel", "LinkSet", "AddrAdd", "AddrDel", "AddrFlush",
    "RouteAdd", "RouteDel", "RouteFlush", "RuleAdd", "RuleDel", "NeighAdd", "NeighDel",
    "NeighFlush", "FdbAdd", "FdbDel", "SysctlSet")]

AF_INET, AF_BRIDGE = 2, 7


# ============================================================================ namespaces
def apply_NetnsAdd(lab, c: m.NetnsAdd) -> None:
    lab.netns_add(c.name)


def apply_NetnsDel(lab, c: m.NetnsDel) -> None:
    lab.netns_del(c.name)


# ============================================================================ links
IFF_BITS = {"UP": 0x1, "NOTRAILERS": 0x20, "NOARP": 0x80, "PROMISC": 0x100, "ALLMULTI": 0x200,
            "MULTICAST": 0x1000, "DYNAMIC": 0x8000}


def apply_LinkAdd(lab, c: m.LinkAdd) -> None:
    ns = lab.ns(c.ns)
    kw: dict = {} if c.name is None else {"ifname": c.name}   # none: the kernel names it
    fds = []
    if c.mac is not None:
        kw["address"] = c.mac
    if c.mtu is not None:
        kw["mtu"] = c.mtu
    if c.txqlen is not None:
        kw["txqlen"] = c.txqlen
    if c.up:
        kw["flags"], kw["change"] = IFF_BITS["UP"], IFF_BITS["UP"]
    if c.link is not None:
        kw["link"] = lab.ifindex(ns, c.link)
    k = c.kind
    try:
        if isinstance(k, m.Veth):
            kw["kind"] = "veth"
            peer: dict = {}
            if k.peer is not None:
                peer["ifname"] = k.peer
            if k.peer_mac is not None:
                peer["address"] = k.peer_mac
            if k.peer_mtu is not None:
                peer["mtu"] = k.peer_mtu
            if k.peer_ns is not None:
                fds.append(lab.ns(k.peer_ns).fd())
                peer["net_ns_fd"] = fds[-1]
            if peer:
                kw["peer"] = peer
        elif isinstance(k, m.Vxlan):
            kw["kind"] = "vxlan"
            kw["vxlan_id"] = k.vni
            if k.remote is not None:
                kw["vxlan_group"] = str(k.remote)
            if k.local is not None:
                kw["vxlan_local"] = str(k.local)
            if k.dev is not None:
                kw["vxlan_link"] = lab.ifindex(ns, k.dev)
            if k.dstport is not None:
                kw["vxlan_port"] = k.dstport
            if k.ttl is not None:
                kw["vxlan_ttl"] = k.ttl
            if not k.learning:
                kw["vxlan_learning"] = 0
        elif isinstance(k, m.Macvlan):
            kw["kind"] = "macvlan"
            if k.mode is not None:
                if k.mode not in MACVLAN_MODES:
                    raise Invalid(extack=f'unknown macvlan mode "{k.mode}"')
                kw["macvlan_mode"] = MACVLAN_MODES[k.mode]
        elif isinstance(k, m.OtherKind):
            kw["kind"] = k.kind
        else:                                    # Bridge, Dummy
            kw["kind"] = type(k).__name__.lower()
        lab._call(ns.ipr.link, "add", **kw)
    finally:
        for fd in fds:
            os.close(fd)


def apply_LinkDel(lab, c: m.LinkDel) -> None:
    ns = lab.ns(c.ns)
    lab._call(ns.ipr.link, "del", index=lab.ifindex(ns, c.dev))


def apply_LinkSet(lab, c: m.LinkSet) -> None:
    ns = lab.ns(c.ns)
    idx = lab.ifindex(ns, c.dev)
    kw: dict = {"index": idx}
    fds = []
    if c.netns is not None:
        fds.append(lab.ns(c.netns).fd())
        kw["net_ns_fd"] = fds[-1]
    if c.address is not None:
        kw["address"] = c.address
    if c.mtu is not None:
        kw["mtu"] = c.mtu
    if c.master is not None:
        kw["master"] = lab.ifindex(ns, c.master)
    elif c.nomaster:
        kw["master"] = 0
    if c.name is not None:
        kw["ifname"] = c.name
    if c.alias is not None:
        kw["ifalias"] = c.alias
    if c.txqlen is not None:
        kw["txqlen"] = c.txqlen
    flags = change = 0
    for name, on in ((("UP", c.up),) if c.up is not None else ()) + tuple(c.flags):
        bit = IFF_BITS[name]
        change |= bit
        flags |= bit if on else 0
    if change:
        kw["flags"], kw["change"] = flags, change
    try:
        if len(kw) > 1:
            lab._call(ns.ipr.link, "set", **kw)
    finally:
        for fd in fds:
            os.close(fd)
    if any(v is not None for v in (c.hairpin, c.learning, c.cost, c.priority, c.stp_state)):
        # ``bridge link set dev D ...``: an AF_BRIDGE RTM_SETLINK with a nested IFLA_PROTINFO,
        # as brlink_modify() sends it
        from pyroute2.netlink import NLA_F_NESTED
        from pyroute2.netlink.rtnl import RTM_SETLINK
        from pyroute2.netlink.rtnl.ifinfmsg import ifinfmsg
        target = lab.ns(c.netns) if c.netns is not None else ns
        attrs = [(key, int(v)) for key, v in (
            ("IFLA_BRPORT_MODE", c.hairpin), ("IFLA_BRPORT_LEARNING", c.learning),
            ("IFLA_BRPORT_COST", c.cost), ("IFLA_BRPORT_PRIORITY", c.priority),
            ("IFLA_BRPORT_STATE", c.stp_state)) if v is not None]
        msg = ifinfmsg()
        msg["family"] = AF_BRIDGE
        msg["index"] = lab.ifindex(target, c.name or c.dev)
        msg["attrs"] = [("IFLA_PROTINFO", {"attrs": attrs}, NLA_F_NESTED)]
        _request(lab, target, msg, RTM_SETLINK, 0)


# ============================================================================ addresses
def _default_scope(local) -> int:
    """iproute2's default_scope(): host for 127/8, else global."""
    return 254 if int(local) >> 24 == 127 else 0


def apply_AddrAdd(lab, c: m.AddrAdd) -> None:
    ns = lab.ns(c.ns)
    kw: dict = {"index": lab.ifindex(ns, c.dev), "address": str(c.local),
                "local": str(c.local), "prefixlen": c.prefixlen,
                "scope": c.scope if c.scope is not None else _default_scope(c.local)}
    if c.broadcast is not None:
        kw["broadcast"] = str(c.broadcast)
    if c.label is not None:
        kw["label"] = c.label
    if c.noprefixroute:
        kw["flags"] = 0x200                     # IFA_F_NOPREFIXROUTE
    if c.mode != "change":
        lab._call(ns.ipr.addr, c.mode, **kw)
        return
    # ip addr change: RTM_NEWADDR with NLM_F_REPLACE alone (pyroute2 has no verb for it)
    from pyroute2.netlink import NLM_F_REPLACE
    from pyroute2.netlink.rtnl import RTM_NEWADDR
    from pyroute2.netlink.rtnl.ifaddrmsg import ifaddrmsg
    msg = ifaddrmsg()
    msg["family"], msg["prefixlen"], msg["index"] = AF_INET, c.prefixlen, kw["index"]
    msg["scope"], msg["flags"] = kw["scope"], kw.get("flags", 0) & 0xFF
    attrs = [("IFA_LOCAL", kw["local"]), ("IFA_ADDRESS", kw["address"])]
    attrs += [(f"IFA_{k.upper()}", kw[k]) for k in ("broadcast", "label") if k in kw]
    if kw.get("flags", 0) > 0xFF:
        attrs.append(("IFA_FLAGS", kw["flags"]))
    msg["attrs"] = attrs
    _request(lab, ns, msg, RTM_NEWADDR, NLM_F_REPLACE)


def apply_AddrDel(lab, c: m.AddrDel) -> None:
    """With a length: IFA_LOCAL and IFA_ADDRESS of that prefix.  Without one, iproute2's
    "wildcard deletion": IFA_LOCAL only, so the kernel matches the address alone."""
    ns = lab.ns(c.ns)
    idx = lab.ifindex(ns, c.dev)
    kw = {} if c.label is None else {"label": c.label}
    if c.prefixlen is None:
        lab._call(ns.ipr.addr, "del", family=AF_INET, index=idx, local=str(c.local),
                  prefixlen=32, **kw)
        return
    lab._call(ns.ipr.addr, "del", index=idx, address=str(c.local), local=str(c.local),
              prefixlen=c.prefixlen, **kw)


def apply_AddrFlush(lab, c: m.AddrFlush) -> None:
    ns = lab.ns(c.ns)
    idx = lab.ifindex(ns, c.dev) if c.dev is not None else None
    for _ in range(64):                          # iproute2 flushes in rounds until empty
        addrs = [a for a in lab._call(ns.ipr.addr, "dump")
                 if a["family"] == AF_INET and idx in (None, a["index"])
                 and c.select.selects(a.get("IFA_LOCAL") or a.get("IFA_ADDRESS"), a["scope"],
                                      a.get("IFA_FLAGS") or a["flags"], a.get("IFA_LABEL"))]
        if not addrs:
            return
        for a in addrs:
            try:
                lab._call(ns.ipr.addr, "del", index=a["index"], address=a.get("IFA_ADDRESS"),
                          local=a.get("IFA_LOCAL"), prefixlen=a["prefixlen"])
            except NetsimError as e:
                if e.errno not in (errno.EADDRNOTAVAIL, errno.ENOENT):
                    raise


# ============================================================================ routes
_ROUTE_VERBS = {"add": "add", "replace": "replace", "change": "change", "append": "append",
                "prepend": "add"}


def _proto(p: str | int) -> int:
    if isinstance(p, int) or str(p).isdigit():
        return int(p)
    if p not in RT_PROTOS:
        raise Invalid(extack=f'unknown route protocol "{p}"')
    return RT_PROTOS[p]


# RTAX_* numbers (include/uapi/linux/rtnetlink.h) of the metrics netsim takes
RTAX = {"mtu": 2, "window": 3, "ssthresh": 6, "cwnd": 7, "advmss": 8, "reordering": 9,
        "hoplimit": 10, "initcwnd": 11, "initrwnd": 14}


def _route_kw(lab, ns, c, table: int, scope: int) -> dict:
    kw: dict = {"dst": str(c.dst), "dst_len": c.plen, "table": table, "scope": scope}
    if c.type is not None:
        kw["type"] = ROUTE_TYPES[c.type]
    if c.tos:
        kw["tos"] = c.tos
    if c.via is not None:
        kw["gateway"] = str(c.via)
    if c.dev is not None:
        kw["oif"] = lab.ifindex(ns, c.dev)
    if c.onlink:
        kw["flags"] = RTNH_F_ONLINK
    if c.src is not None:
        kw["prefsrc"] = str(c.src)
    if c.metric is not None:
        kw["priority"] = c.metric
    return kw


def apply_RouteAdd(lab, c: m.RouteAdd) -> None:
    ns = lab.ns(c.ns)
    table = c.effective_table()
    kw = _route_kw(lab, ns, c, table, c.effective_scope())
    kw["proto"] = _proto(c.effective_proto())
    if c.metrics:
        attrs = [[f"RTAX_{name.upper()}", value] for name, value, _lock in c.metrics]
        lock = sum(1 << RTAX[name] for name, _value, locked in c.metrics if locked)
        if lock:
            attrs.insert(0, ["RTAX_LOCK", lock])
        kw["RTA_METRICS"] = {"attrs": [tuple(x) for x in attrs]}
    lab._call(ns.ipr.route, _ROUTE_VERBS[c.mode], **kw)
    ns.tables.add(table)


def apply_RouteDel(lab, c: m.RouteDel) -> None:
    ns = lab.ns(c.ns)
    kw = _route_kw(lab, ns, c, c.effective_table(), c.effective_scope())
    if c.type is None:
        kw.pop("type", None)
    if c.proto is not None:
        kw["proto"] = _proto(c.proto)
    lab._call(ns.ipr.route, "del", **kw)


def apply_RouteFlush(lab, c: m.RouteFlush) -> None:
    """iproute2 dumps, keeps the routes matching (table, prefix, dev) and deletes each."""
    from types import SimpleNamespace

    from .linux_snapshot import _PROTO_NAMES, _TYPE_NAMES
    ns = lab.ns(c.ns)
    oif = lab.ifindex(ns, c.dev) if c.dev is not None else None
    for r in lab._call(ns.ipr.route, "dump"):
        table = r.get("RTA_TABLE", r["table"])
        if c.table is not None and table != c.table:
            continue
        if oif is not None and r.get("RTA_OIF") != oif:
            continue
        gw, src = r.get("RTA_GATEWAY"), r.get("RTA_PREFSRC")
        seen = SimpleNamespace(       # the route as the selector reads it (filter_nlmsg)
            dst=int(IPv4Address(r.get("RTA_DST", "0.0.0.0"))), plen=r["dst_len"],
            dev=SimpleNamespace(name=c.dev) if oif is not None else None,
            proto=_PROTO_NAMES.get(r["proto"], str(r["proto"])), scope=r["scope"],
            type=_TYPE_NAMES.get(r["type"], str(r["type"])), metric=r.get("RTA_PRIORITY", 0),
            gateway=IPv4Address(gw) if gw else None, prefsrc=IPv4Address(src) if src else None)
        if not c.selects(seen):
            continue
        kw = {"dst_len": r["dst_len"], "table": table, "tos": r["tos"], "type": r["type"],
              "scope": r["scope"], "proto": r["proto"]}
        for attr, key in (("RTA_DST", "dst"), ("RTA_GATEWAY", "gateway"), ("RTA_OIF", "oif"),
                          ("RTA_PRIORITY", "priority"), ("RTA_PREFSRC", "prefsrc")):
            if r.get(attr) is not None:
                kw[key] = r.get(attr)
        try:
            lab._call(ns.ipr.route, "del", **kw)
        except NetsimError as e:
            if e.errno != errno.ESRCH:
                raise


# ============================================================================ rules
def _rule_msg(c, table: int | None):
    """The fib_rule request iproute2 sends (no priority unless given: the kernel picks one)."""
    from pyroute2.netlink.rtnl.fibmsg import fibmsg
    msg = fibmsg()
    msg["family"] = AF_INET
    msg["action"] = RULE_ACTIONS[c.action]
    msg["flags"] = FIB_RULE_INVERT if c.invert else 0
    msg["src_len"], msg["dst_len"] = (c.src_len if c.src is not None else 0,
                                      c.dst_len if c.dst is not None else 0)
    attrs = []
    if table is not None and table < 256:
        msg["table"] = table
    elif table is not None:                 # iproute2: RT_TABLE_UNSPEC and FRA_TABLE
        attrs.append(("FRA_TABLE", table))
    if c.priority is not None:
        attrs.append(("FRA_PRIORITY", c.priority))
    if c.src is not None:
        attrs.append(("FRA_SRC", str(c.src)))
    if c.dst is not None:
        attrs.append(("FRA_DST", str(c.dst)))
    if c.iif is not None:
        attrs.append(("FRA_IIFNAME", c.iif))
    if c.oif is not None:
        attrs.append(("FRA_OIFNAME", c.oif))
    msg["attrs"] = attrs
    return msg


def _request(lab, ns, msg, msg_type: int, flags: int):
    from pyroute2.netlink import NLM_F_ACK, NLM_F_REQUEST
    return lab.request(ns, msg, msg_type, NLM_F_REQUEST | NLM_F_ACK | flags)


def apply_RuleAdd(lab, c: m.RuleAdd) -> None:
    from pyroute2.netlink import NLM_F_CREATE, NLM_F_EXCL
    from pyroute2.netlink.rtnl import RTM_NEWRULE
    ns = lab.ns(c.ns)
    table = c.effective_table() if c.action == "lookup" else c.table
    _request(lab, ns, _rule_msg(c, table), RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL)
    ns.custom_rules = True


def apply_RuleDel(lab, c: m.RuleDel) -> None:
    from pyroute2.netlink.rtnl import RTM_DELRULE
    ns = lab.ns(c.ns)
    _request(lab, ns, _rule_msg(c, c.table), RTM_DELRULE, 0)


# ============================================================================ neighbours
def apply_NeighAdd(lab, c: m.NeighAdd) -> None:
    ns = lab.ns(c.ns)
    kw: dict = {"family": AF_INET, "dst": str(c.dst), "ifindex": lab.ifindex(ns, c.dev),
                "state": NUD[c.nud]}
    if c.lladdr is not None:
        kw["lladdr"] = c.lladdr
    verb = {"add": "add", "replace": "replace", "change": "change"}[c.mode]
    lab._call(ns.ipr.neigh, verb, **kw)


def apply_NeighDel(lab, c: m.NeighDel) -> None:
    ns = lab.ns(c.ns)
    lab._call(ns.ipr.neigh, "del", family=AF_INET, dst=str(c.dst),
              ifindex=lab.ifindex(ns, c.dev))


def apply_NeighFlush(lab, c: m.NeighFlush) -> None:
    """iproute2 dumps and deletes every entry its filters select (by default those that are
    neither PERMANENT nor NOARP)."""
    ns = lab.ns(c.ns)
    idx = lab.ifindex(ns, c.dev) if c.dev is not None else None
    for n in lab._call(ns.ipr.neigh, "dump", family=AF_INET):
        if idx is not None and n["ifindex"] != idx:
            continue
        dst = n.get("NDA_DST")
        if dst is None or not c.selects(IPv4Address(dst), n["state"]):
            continue
        try:
            lab._call(ns.ipr.neigh, "del", family=AF_INET, dst=n.get("NDA_DST"),
                      ifindex=n["ifindex"])
        except NetsimError as e:
            if e.errno != errno.ENOENT:
                raise


# ============================================================================ bridge fdb
def _fdb_flags(c) -> int:
    flags = (NTF_MASTER if c.master else 0) | (NTF_SELF if c.self_ else 0)
    return flags or NTF_SELF                 # iproute2: neither given means self


def _fdb_msg(lab, ns, c, state: int):
    """The ndmsg ``bridge fdb`` sends: family AF_BRIDGE, the port's index, state and flags;
    NDA_LLADDR, then NDA_DST / NDA_VLAN / NDA_VNI when given."""
    from pyroute2.netlink.rtnl.ndmsg import ndmsg
    msg = ndmsg()
    msg["family"] = AF_BRIDGE
    msg["ifindex"] = lab.ifindex(ns, c.dev)
    msg["state"] = state
    msg["flags"] = _fdb_flags(c)
    attrs = [("NDA_LLADDR", c.mac)]
    if c.dst is not None:
        attrs.append(("NDA_DST", str(c.dst)))
    if c.vlan is not None:
        attrs.append(("NDA_VLAN", c.vlan))
    if getattr(c, "vni", None) is not None:
        attrs.append(("NDA_VNI", c.vni))
    msg["attrs"] = attrs
    return msg


def apply_FdbAdd(lab, c: m.FdbAdd) -> None:
    """bridge/fdb.c fdb_modify(): NUD_NOARP; permanent adds PERMANENT, static REACHABLE,
    dynamic REACHABLE without NOARP; neither PERMANENT nor REACHABLE: "assume permanent"."""
    from pyroute2.netlink import NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE
    from pyroute2.netlink.rtnl import RTM_NEWNEIGH
    ns = lab.ns(c.ns)
    flags = NLM_F_CREATE | {"add": NLM_F_EXCL, "replace": NLM_F_REPLACE,
                            "append": NLM_F_APPEND}[c.mode]
    state = NUD["noarp"]
    if c.state == "permanent":
        state |= NUD["permanent"]
    elif c.state == "static":
        state |= NUD["reachable"]
    elif c.state == "dynamic":
        state = NUD["reachable"]
    if not state & (NUD["permanent"] | NUD["reachable"]):
        state |= NUD["permanent"]
    _request(lab, ns, _fdb_msg(lab, ns, c, state), RTM_NEWNEIGH, flags)


def apply_FdbDel(lab, c: m.FdbDel) -> None:
    from pyroute2.netlink.rtnl import RTM_DELNEIGH
    ns = lab.ns(c.ns)
    _request(lab, ns, _fdb_msg(lab, ns, c, NUD["noarp"]), RTM_DELNEIGH, 0)


# ============================================================================ sysctl
def apply_SysctlSet(lab, c: m.SysctlSet) -> None:
    """``sysctl -w`` in the namespace: a write to /proc/sys there (net.* keys only: the rest
    of /proc/sys is the host's, whatever namespace one is in)."""
    ns = lab.ns(c.ns)
    if not SYSCTL_RE.match(c.key) or ".." in c.key:
        raise Invalid(extack=f'"{c.key}" is not a per-namespace net.* sysctl')
    try:
        in_netns(ns.real, _write_sysctls, [(c.key, c.value)])
    except OSError as e:                 # ENOENT: no such key; EINVAL: a value it refuses
        code = e.errno or errno.ENOENT
        raise _ERRNO_CLASSES.get(code, NetsimError)(code) from None
