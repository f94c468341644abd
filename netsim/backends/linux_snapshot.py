"""The kernel backend's view of its state: netlink dumps of every lab namespace turned into the
state classes of :mod:`netsim.kernel_model`, so :mod:`netsim.commands.show` prints a real
kernel exactly as it prints the simulated one.

What the simulator *computes* (carrier, operstate, a port's STP state, which nexthops are
down), a snapshot *stores* as the kernel reported it: the ``_Snap*`` device classes answer
``has_carrier()``, ``oper_up()`` and ``operstate()`` from IFF_LOWER_UP, IFF_RUNNING and
IFLA_OPERSTATE.  Names are the user's: a veth's peer in another namespace is found through
IFLA_LINK_NETNSID and the namespace's nsid map (RTM_GETNSID), and its namespace is shown by
the name the user gave it.

Also here: :func:`route_get` (RTM_GETROUTE, as ``ip route get``) and :func:`settle`, which waits
for the kernel's asynchronous link work (linkwatch, netns cleanup) as the corpus recorder does.
"""
from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass
from ipaddress import IPv4Address

from ..errors import NetsimError
from ..kernel_model import (CONF_KEYS, DEFAULT_SYSCTLS, NEIGH_PARMS, NUD, SCOPE_HOST, SCOPE_LINK,
                            SCOPE_NOWHERE, Bridge, BridgePort, FdbEntry, FibRule, FibTable,
                            InetAddr, Kernel, Loopback, Macvlan, Neighbour, NetDevice,
                            NetNamespace, Route, Veth, Vxlan, Dummy)
from .linux import (FIB_RULE_INVERT, NTF_SELF, RT_PROTOS, ROUTE_TYPES, RULE_ACTIONS,
                    RTNH_F_ONLINK, _read_sysctls, in_netns)

RTNH_F_LINKDOWN = 0x10

__all__ = ["snapshot", "route_get", "settle", "refresh_link"]

AF_INET, AF_BRIDGE = 2, 7
IFF = {"UP": 0x1, "BROADCAST": 0x2, "DEBUG": 0x4, "LOOPBACK": 0x8, "POINTOPOINT": 0x10,
       "NOTRAILERS": 0x20, "RUNNING": 0x40, "NOARP": 0x80, "PROMISC": 0x100,
       "ALLMULTI": 0x200, "MASTER": 0x400, "SLAVE": 0x800, "MULTICAST": 0x1000,
       "PORTSEL": 0x2000, "AUTOMEDIA": 0x4000, "DYNAMIC": 0x8000, "LOWER_UP": 0x10000,
       "DORMANT": 0x20000, "ECHO": 0x40000}
_NOT_SHOWN_AS_IS = ("UP", "RUNNING", "LOWER_UP")     # show.py derives these from the methods
ARPHRD = {1: "ether", 772: "loopback", 0xFFFE: "none", 768: "ipip", 776: "sit", 778: "gre"}
BR_PORT_STATES = {0: "disabled", 1: "listening", 2: "learning", 3: "forwarding",
                  4: "blocking"}
_TYPE_NAMES = {v: k for k, v in ROUTE_TYPES.items()}
_PROTO_NAMES = {v: k for k, v in RT_PROTOS.items()}
_ACTION_NAMES = {v: k for k, v in RULE_ACTIONS.items()}
_DEVCONF_NAMES = {"arp_filter": "arpfilter", "disable_xfrm": "noxfrm",
                  "disable_policy": "nopolicy", "src_valid_mark": "src_vmark"}
_NS_SYSCTLS = [k for k in DEFAULT_SYSCTLS if ".conf." not in k or
               k.split(".")[3] in ("all", "default")]


# ============================================================================ stored devices
class _Stored:
    """A device as the kernel reported it: carrier and operstate are values, not rules."""

    _lower_up = False
    _running = False
    _operstate = "DOWN"
    _nh_linkdown = False          # RTNH_F_LINKDOWN seen on a route through it

    def nh_linkdown(self) -> bool:
        return self._nh_linkdown

    def has_carrier(self) -> bool:
        return self._lower_up

    def oper_up(self) -> bool:
        return self._running

    def operstate(self) -> str:
        return self._operstate


class _SnapDevice(_Stored, NetDevice):
    pass


class _SnapLoopback(_Stored, Loopback):
    pass


class _SnapVeth(_Stored, Veth):
    pass


class _SnapBridge(_Stored, Bridge):
    pass


class _SnapDummy(_Stored, Dummy):
    pass


class _SnapVxlan(_Stored, Vxlan):
    pass


class _SnapMacvlan(_Stored, Macvlan):
    def __init__(self, ns, name, ifindex, mac):
        super().__init__(ns, name, ifindex, mac, lower=None)


_CLASSES = {"veth": _SnapVeth, "bridge": _SnapBridge, "dummy": _SnapDummy,
            "vxlan": _SnapVxlan, "macvlan": _SnapMacvlan}


@dataclass(slots=True)
class _SnapPort(BridgePort):
    """A bridge port with the STP state the kernel reported (IFLA_BRPORT_STATE)."""
    stp_state: str = "disabled"

    @property
    def state(self) -> str:
        return self.stp_state


class _SnapTable(FibTable):
    """A FIB table whose dump order is the kernel's (fib_trie walk), not recomputed."""

    def __init__(self, tb_id: int):
        super().__init__(tb_id)
        self._dump: list[Route] = []

    def add_dumped(self, r: Route) -> None:
        self.insert(r, append=True)     # aliases arrive in the kernel's order already
        self._dump.append(r)

    def routes(self) -> list[Route]:
        return list(self._dump)


# ============================================================================ dumps
def _attrs(msg) -> dict:
    return dict(msg["attrs"])


def _nested(value, key, default=None):
    if not value:
        return default
    for k, v in value.get("attrs", []):
        if k == key:
            return v
    return default


def _nsid_names(lab, ns) -> dict[int, str]:
    """nsid -> user name of every other lab namespace, as namespace ``ns`` knows them (a
    GETNSID by fd never allocates an id)."""
    out = {}
    for other in lab._ns.values():
        if other is ns:
            continue
        fd = other.fd()
        try:
            r = lab._call(ns.ipr.get_netnsid, fd=fd)
        finally:
            os.close(fd)
        nsid = r.get("nsid") if isinstance(r, dict) else None
        if nsid is not None and 0 <= nsid < 0x7FFFFFFF:
            out[nsid] = other.name
    return out


def snapshot(lab) -> Kernel:
    """Dump every lab namespace: links, addresses, routes of all tables, rules, neighbours,
    bridge FDB and the sysctls of :data:`~netsim.kernel_model.DEFAULT_SYSCTLS`."""
    k = Kernel()
    raw = {}
    for name, ns in lab._ns.items():
        sns = NetNamespace(k, name)
        k.namespaces[name] = sns
        raw[name] = (ns, list(lab._call(ns.ipr.link, "dump")))
    for name, (ns, links) in raw.items():
        _devices(k.namespaces[name], links)
    for name, (ns, links) in raw.items():
        _relations(lab, k, ns, k.namespaces[name], links)
    for name, (ns, links) in raw.items():
        sns = k.namespaces[name]
        _addresses(lab, ns, sns)
        _routes(lab, ns, sns)
        _rules(lab, ns, sns)
        _neighbours(lab, ns, sns)
        _fdb(lab, ns, sns)
        _sysctls(lab, ns, sns, links)
    return k


def _link_state(dev, msg, a: dict) -> None:
    """Flags, carrier and operstate of one RTM_NEWLINK message, onto a snapshot device."""
    flags = msg["flags"]
    dev.flag_names = tuple(n for n, bit in IFF.items()
                           if flags & bit and n not in _NOT_SHOWN_AS_IS)
    dev.admin_up = bool(flags & IFF["UP"])
    dev._lower_up = bool(flags & IFF["LOWER_UP"])
    dev._running = bool(flags & IFF["RUNNING"])
    dev._operstate = a.get("IFLA_OPERSTATE", "UNKNOWN")


def refresh_link(k: Kernel, ns_name: str, msg) -> None:
    """A device's state as a later RTM_GETLINK answered it (linkwatch may have run for it)."""
    sns = k.namespaces.get(ns_name)
    dev = sns.devices.get(msg["index"]) if sns is not None else None
    if dev is not None:
        _link_state(dev, msg, _attrs(msg))


def _devices(sns: NetNamespace, links) -> None:
    for msg in sorted(links, key=lambda x: x["index"]):
        a = _attrs(msg)
        info = a.get("IFLA_LINKINFO")
        kind = _nested(info, "IFLA_INFO_KIND")
        flags = msg["flags"]
        if flags & IFF["LOOPBACK"]:
            cls = _SnapLoopback
        else:
            cls = _CLASSES.get(kind, _SnapDevice)
        dev = cls(sns, a["IFLA_IFNAME"], msg["index"], a.get("IFLA_ADDRESS", "00:00:00:00:00:00"))
        if cls is _SnapDevice and kind:
            dev.kind = kind
        _link_state(dev, msg, a)
        dev.mtu = a.get("IFLA_MTU", dev.mtu)
        dev.qdisc = a.get("IFLA_QDISC")
        dev.ifalias = a.get("IFLA_IFALIAS") or None
        dev.txqlen = a.get("IFLA_TXQLEN", 1000)
        dev.link_type = ARPHRD.get(msg["ifi_type"], str(msg["ifi_type"]))
        dev._raw = (msg, a, info)
        if isinstance(dev, Vxlan):
            data = _nested(info, "IFLA_INFO_DATA")
            dev.vni = _nested(data, "IFLA_VXLAN_ID", 0)
            local, remote = _nested(data, "IFLA_VXLAN_LOCAL"), _nested(data, "IFLA_VXLAN_GROUP")
            dev.local = IPv4Address(local) if local else None
            dev.remote = IPv4Address(remote) if remote else None
            dev.dstport = _nested(data, "IFLA_VXLAN_PORT", 4789)
            dev.ttl = _nested(data, "IFLA_VXLAN_TTL", 0) or None
            dev.learning = bool(_nested(data, "IFLA_VXLAN_LEARNING", 1))
        elif isinstance(dev, Macvlan):
            mode = _nested(_nested(info, "IFLA_INFO_DATA"), "IFLA_MACVLAN_MODE", 4)
            dev.mode = {1: "private", 2: "vepa", 4: "bridge", 8: "passthru",
                        16: "source"}.get(mode, str(mode))
        sns.devices[dev.ifindex] = dev
        sns.by_name[dev.name] = dev


def _relations(lab, k: Kernel, ns, sns: NetNamespace, links) -> None:
    """Masters and bridge ports; a veth's peer and a macvlan's lower device, in this namespace
    or (IFLA_LINK_NETNSID) in another lab namespace."""
    nsids = None
    for dev in sns.devices.values():
        msg, a, info = dev._raw
        master = sns.devices.get(a.get("IFLA_MASTER") or -1)
        if master is not None:
            dev.master = master
            if _nested(info, "IFLA_INFO_SLAVE_KIND") == "bridge":
                sd = _nested(info, "IFLA_INFO_SLAVE_DATA")
                dev.port = _SnapPort(
                    br=master, dev=dev, port_no=_nested(sd, "IFLA_BRPORT_NO", 0),
                    hairpin=bool(_nested(sd, "IFLA_BRPORT_MODE", 0)),
                    learning=bool(_nested(sd, "IFLA_BRPORT_LEARNING", 1)),
                    flood=bool(_nested(sd, "IFLA_BRPORT_UNICAST_FLOOD", 1)),
                    priority=_nested(sd, "IFLA_BRPORT_PRIORITY", 32),
                    cost=_nested(sd, "IFLA_BRPORT_COST", 2),
                    stp_state=BR_PORT_STATES.get(_nested(sd, "IFLA_BRPORT_STATE", 0),
                                                 "disabled"))
                if isinstance(master, Bridge):
                    master.ports[dev.ifindex] = dev.port
                    master.had_ports = True
        link = a.get("IFLA_LINK")
        netnsid = a.get("IFLA_LINK_NETNSID")
        where = sns
        if netnsid is not None:
            if nsids is None:
                nsids = _nsid_names(lab, ns)
            other = nsids.get(netnsid)
            where = k.namespaces.get(other) if other is not None else None
            if where is not None:
                sns.nsids[id(where)] = netnsid
        lower = where.devices.get(link) if (where is not None and link) else None
        if isinstance(dev, Veth):
            dev.peer = lower
        elif isinstance(dev, Macvlan):
            dev.lower_dev = lower
            if lower is not None:
                lower.macvlans = [*lower.macvlans, dev]   # a shared empty tuple until the first
        elif isinstance(dev, Vxlan):
            # a link-netnsid names the namespace it was made in (vxlan->net, moved since)
            if netnsid is not None and where is not None:
                dev.net = where
            data = _nested(info, "IFLA_INFO_DATA")
            dev.lower_dev = dev.net.devices.get(_nested(data, "IFLA_VXLAN_LINK") or -1)
    for dev in sns.devices.values():
        del dev._raw


def _addresses(lab, ns, sns: NetNamespace) -> None:
    for msg in lab._call(ns.ipr.addr, "dump", family=AF_INET):
        a = _attrs(msg)
        dev = sns.devices.get(msg["index"])
        if dev is None or msg["family"] != AF_INET:
            continue
        flags = a.get("IFA_FLAGS", msg["flags"])
        brd = a.get("IFA_BROADCAST")
        ia = InetAddr(IPv4Address(a["IFA_LOCAL"]), msg["prefixlen"], dev,
                      a.get("IFA_LABEL", dev.name), scope=msg["scope"],
                      broadcast=IPv4Address(brd) if brd else None,
                      secondary=bool(flags & 0x01), noprefixroute=bool(flags & 0x200))
        dev.addrs.append(ia)
        sns.local_addrs.setdefault(int(ia.local), ia)


def _table_exists(lab, ns, tb_id: int) -> bool:
    """A strict dump filtered on one table answers ENOENT when the table does not exist
    ("ipv4: FIB table does not exist")."""
    from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST
    from pyroute2.netlink.rtnl import RTM_GETROUTE
    from pyroute2.netlink.rtnl.rtmsg import rtmsg
    msg = rtmsg()
    msg["family"] = AF_INET
    msg["table"] = tb_id if tb_id < 256 else 0
    msg["attrs"] = [("RTA_TABLE", tb_id)]
    sock = ns.ipr
    try:
        sock.setsockopt(270, 12, 1)                    # SOL_NETLINK, NETLINK_GET_STRICT_CHK
        lab.request(ns, msg, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP)
        return True
    except NetsimError as e:
        if e.errno == errno.ENOENT:
            return False
        raise
    finally:
        sock.setsockopt(270, 12, 0)


def _metrics(nla) -> tuple:
    """RTA_METRICS as the model's ((name, value, locked), ...), in RTAX order."""
    from ..commands.model import RTAX_NAMES
    from .linux_apply import RTAX
    if not nla:
        return ()
    values = dict(nla.get("attrs", []))
    lock = values.get("RTAX_LOCK", 0)
    return tuple((name, values[f"RTAX_{name.upper()}"], bool(lock & (1 << RTAX[name])))
                 for name in RTAX_NAMES if f"RTAX_{name.upper()}" in values)


def _route_from_msg(msg, sns: NetNamespace) -> Route:
    """An RTM_NEWROUTE of a dump (or of a fibmatch ``get``) as the model's Route."""
    a = _attrs(msg)
    tb = a.get("RTA_TABLE", msg["table"])
    dev = sns.devices.get(a.get("RTA_OIF") or -1)
    gw, src = a.get("RTA_GATEWAY"), a.get("RTA_PREFSRC")
    r = Route(int(IPv4Address(a.get("RTA_DST", "0.0.0.0"))), msg["dst_len"], table=tb,
              type=_TYPE_NAMES.get(msg["type"], str(msg["type"])), dev=dev,
              gateway=IPv4Address(gw) if gw else None, metric=a.get("RTA_PRIORITY", 0),
              prefsrc=IPv4Address(src) if src else None, scope=msg["scope"],
              proto=_PROTO_NAMES.get(msg["proto"], str(msg["proto"])),
              onlink=bool(msg["flags"] & RTNH_F_ONLINK), tos=msg["tos"],
              metrics=_metrics(a.get("RTA_METRICS")))
    if r.gateway is not None:
        r.nh_scope = SCOPE_HOST if int(r.gateway) in sns.local_addrs else SCOPE_LINK
    else:
        r.nh_scope = SCOPE_NOWHERE if r.scope == SCOPE_HOST else SCOPE_HOST
    return r


def _routes(lab, ns, sns: NetNamespace) -> None:
    sns.tables = {}
    for msg in lab._call(ns.ipr.route, "dump", family=AF_INET):
        if msg["family"] != AF_INET or msg["flags"] & 0x200:      # RTM_F_CLONED: cache
            continue
        r = _route_from_msg(msg, sns)
        tb = r.table
        if r.dev is not None and msg["flags"] & RTNH_F_LINKDOWN:
            r.dev._nh_linkdown = True
        table = sns.tables.get(tb)
        if table is None:
            table = sns.tables[tb] = _SnapTable(tb)
        table.add_dumped(r)
    for tb in {253, 255} | ns.tables:
        if tb not in sns.tables and _table_exists(lab, ns, tb):
            sns.tables[tb] = _SnapTable(tb)
    # iproute2 asks for main without a table filter: main never "does not exist" to ``ip``
    sns.tables.setdefault(254, _SnapTable(254))


def _rules(lab, ns, sns: NetNamespace) -> None:
    rules = []
    for msg in lab._call(ns.ipr.rule, "dump", family=AF_INET):
        if msg["family"] != AF_INET:
            continue
        a = _attrs(msg)
        src, dst = a.get("FRA_SRC"), a.get("FRA_DST")
        rules.append(FibRule(a.get("FRA_PRIORITY", 0), a.get("FRA_TABLE", msg["table"]),
                             src=int(IPv4Address(src)) if src else 0, src_len=msg["src_len"],
                             dst=int(IPv4Address(dst)) if dst else 0, dst_len=msg["dst_len"],
                             iif=a.get("FRA_IIFNAME"), oif=a.get("FRA_OIFNAME"),
                             action=_ACTION_NAMES.get(msg["action"], str(msg["action"])),
                             not_=bool(msg["flags"] & FIB_RULE_INVERT)))
    sns.rules = rules
    if ns.custom_rules:
        sns.fib_has_custom_rules = True


def _neighbours(lab, ns, sns: NetNamespace) -> None:
    for msg in lab._call(ns.ipr.neigh, "dump", family=AF_INET):
        if msg["family"] != AF_INET:
            continue
        a = _attrs(msg)
        dev = sns.devices.get(msg["ifindex"])
        if dev is None or "NDA_DST" not in a:
            continue
        n = Neighbour(IPv4Address(a["NDA_DST"]), dev, state=msg["state"],
                      lladdr=a.get("NDA_LLADDR"), router=bool(msg["flags"] & 0x80))
        sns.neigh[(dev.ifindex, int(n.ip))] = n


def _fdb(lab, ns, sns: NetNamespace) -> None:
    """Bridge entries go into the bridge's fdb (in reverse dump order: show.py prints the
    newest first); a vxlan's own remote entries into its vxfdb."""
    per_bridge: dict[int, list] = {}
    vx_entries: dict[int, list] = {}
    for msg in lab._call(ns.ipr.fdb, "dump"):
        a = _attrs(msg)
        dev = sns.devices.get(msg["ifindex"])
        mac = a.get("NDA_LLADDR")
        if dev is None or mac is None:
            continue
        if isinstance(dev, Vxlan) and msg["flags"] & NTF_SELF:
            if mac != "00:00:00:00:00:00" and a.get("NDA_DST"):
                vx_entries.setdefault(dev.ifindex, []).append((mac, IPv4Address(a["NDA_DST"])))
            continue
        master = a.get("NDA_MASTER")
        if master is None or msg["flags"] & NTF_SELF:
            continue
        state = msg["state"]
        e = FdbEntry(mac, None if dev.ifindex == master else dev, 0.0,
                     is_local=bool(state & NUD.PERMANENT),
                     static=bool(state & NUD.NOARP) and not state & NUD.PERMANENT)
        per_bridge.setdefault(master, []).append(e)
    for idx, entries in per_bridge.items():
        br = sns.devices.get(idx)
        if isinstance(br, Bridge):
            for e in reversed(entries):
                br.fdb.setdefault(e.mac, e)
    for idx, entries in vx_entries.items():
        vx = sns.devices[idx]
        for mac, ip in reversed(entries):
            vx.vxfdb[mac] = ip


def _sysctls(lab, ns, sns: NetNamespace, links) -> None:
    """The namespace-wide keys from /proc/sys there; per device from IFLA_AF_SPEC (devconf)."""
    names = [_attrs(msg).get("IFLA_IFNAME") for msg in links]
    # per device from /proc too: IFLA_INET_CONF carries every devconf slot, but pyroute2
    # names only the older ones
    per_dev = [f"net.ipv4.{kind}.{n}.{k}" for n in names if n
               for kind, keys in (("conf", CONF_KEYS), ("neigh", NEIGH_PARMS)) for k in keys]
    values = in_netns(ns.real, _read_sysctls, _NS_SYSCTLS + per_dev)
    sns.sysctl = dict(values)
    if "net.ipv4.conf.all.forwarding" in values:
        sns.sysctl["net.ipv4.ip_forward"] = values["net.ipv4.conf.all.forwarding"]
    for msg in links:
        a = _attrs(msg)
        inet = None
        for fam, conf in (a.get("IFLA_AF_SPEC") or {}).get("attrs", []):
            if fam == "AF_INET":
                inet = conf
        if not inet:
            continue
        for key in CONF_KEYS:
            name = _DEVCONF_NAMES.get(key, key)      # pyroute2's name of the IFLA_INET_CONF slot
            if name in inet:
                sns.sysctl[f"net.ipv4.conf.{a['IFLA_IFNAME']}.{key}"] = str(inet[name])


# ============================================================================ ip route get
RTCF_REDIRECTED = 0x00040000
USER_HZ = 100
def route_get(lab, q, kernel: Kernel):
    """RTM_GETROUTE with RTM_F_LOOKUP_TABLE, as ``ip route get``; the reply as a
    :class:`netsim.kernel.fib.RouteDecision` over the snapshot ``kernel`` (a refusal raises)."""
    from ..kernel.fib import FibResult, RouteDecision
    ns = lab.ns(q.ns)
    sns = kernel.namespaces[ns.name]
    kw: dict = {"dst": str(q.dst), "dst_len": 32, "flags": 0x1000}   # RTM_F_LOOKUP_TABLE
    if q.src is not None:
        kw["src"], kw["src_len"] = str(q.src), 32
    if q.iif is not None:
        kw["iif"] = lab.ifindex(ns, q.iif)
    if q.oif is not None:
        kw["oif"] = lab.ifindex(ns, q.oif)
    if q.mark is not None:
        kw["mark"] = q.mark
    if q.tos is not None:
        kw["tos"] = q.tos
    if q.fibmatch:
        kw["flags"] |= 0x2000                   # RTM_F_FIB_MATCH: the FIB entry itself
    is_input = q.iif is not None
    reply = lab._call(ns.ipr.route, "get", **kw)
    msg = reply[0] if isinstance(reply, (list, tuple)) else reply
    if q.fibmatch:
        r = _route_from_msg(msg, sns)
        return RouteDecision(r.type, r.dev, r.gateway, r.prefsrc, FibResult(r, r.table),
                             is_input)
    a = _attrs(msg)
    tb = a.get("RTA_TABLE", msg["table"])
    rtype = _TYPE_NAMES.get(msg["type"], "unicast")
    if tb == 255 and rtype in ("local", "broadcast"):
        sns.fib_has_custom_rules = True        # with custom rules local is not merged into main
    dev = sns.devices.get(a.get("RTA_OIF") or -1)
    gw, pref = a.get("RTA_GATEWAY"), a.get("RTA_PREFSRC")
    # rt_fill_info(): RTCF_REDIRECTED rides in rtm_flags' upper half; the exception's time
    # left comes in rta_cacheinfo as clock ticks, which iproute2 prints in seconds
    cache = a.get("RTA_CACHEINFO") or {}
    return RouteDecision(rtype, dev, IPv4Address(gw) if gw else None,
                         IPv4Address(pref) if pref else q.src, FibResult(None, tb), is_input,
                         metrics=_metrics(a.get("RTA_METRICS")),
                         redirected=bool(msg["flags"] & RTCF_REDIRECTED),
                         expires=cache.get("rta_expires", 0) // USER_HZ)


def route_cache(lab, ns, kernel: Kernel) -> list:
    """RTM_GETROUTE dump with RTM_F_CLONED, as ``ip route show cache``: the route exceptions
    (entries flagged RTM_F_CLONED), as (destination, RouteDecision) over the snapshot."""
    from pyroute2.netlink import NLM_F_DUMP, NLM_F_REQUEST
    from pyroute2.netlink.rtnl import RTM_GETROUTE
    from pyroute2.netlink.rtnl.rtmsg import rtmsg

    from ..kernel.fib import FibResult, RouteDecision
    msg = rtmsg()
    msg["family"] = AF_INET
    msg["flags"] = 0x200                                   # RTM_F_CLONED
    sns = kernel.namespaces[ns.name]
    out = []
    for reply in lab.request(ns, msg, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP):
        if reply["family"] != AF_INET or not reply["flags"] & 0x200:
            continue
        a = _attrs(reply)
        gw, cache = a.get("RTA_GATEWAY"), a.get("RTA_CACHEINFO") or {}
        out.append((IPv4Address(a.get("RTA_DST", "0.0.0.0")), RouteDecision(
            _TYPE_NAMES.get(reply["type"], "unicast"), sns.devices.get(a.get("RTA_OIF") or -1),
            IPv4Address(gw) if gw else None, None,
            FibResult(None, a.get("RTA_TABLE", reply["table"])),
            redirected=bool(reply["flags"] & RTCF_REDIRECTED),
            expires=cache.get("rta_expires", 0) // USER_HZ)))
    return out


# ============================================================================ settling
def _unsettled(lab, ns) -> bool:
    named = None
    for msg in lab._call(ns.ipr.link, "dump"):
        a = _attrs(msg)
        if "IFLA_LINK_NETNSID" in a:
            if named is None:
                named = set(_nsid_names(lab, ns))
            if a["IFLA_LINK_NETNSID"] not in named:
                return True            # its peer's namespace is still being destroyed
        f = msg["flags"]
        if not f & IFF["UP"]:
            continue
        op = a.get("IFLA_OPERSTATE")
        if f & IFF["LOWER_UP"] and (not f & IFF["RUNNING"] or op in ("DOWN", "LOWERLAYERDOWN")):
            return True
        if not f & IFF["LOWER_UP"] and op == "UP":
            return True
    return False


def settle(lab, deadline: float = 5.0) -> None:
    """Wait (up to ``deadline`` s) until linkwatch has run and no link refers to a namespace
    being destroyed, so what is shown next is the settled state (record.py's settle())."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if not any(_unsettled(lab, ns) for ns in list(lab._ns.values())):
            return
        time.sleep(0.02)

