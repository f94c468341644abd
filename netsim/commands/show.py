"""Output of ``ip … show``, ``ip route get`` and ``bridge … show``: models iproute2 6.1's
printers (``ip/ipaddress.c`` print_linkinfo/print_addrinfo, ``ip/iproute.c`` print_route,
``ip/ipneigh.c`` print_neigh, ``ip/iprule.c`` print_rule, ``bridge/link.c``, ``bridge/fdb.c``)
over what the kernel's dumps would carry (``rtnl_fill_ifinfo``, ``fib_dump_info``,
``rt_fill_info``, ``neigh_fill_info``, ``br_fdb_dump``).

Every show command has two functions: ``*_objs`` returns the objects ``-j`` prints (keys in
iproute2's order; :func:`dumps` serialises them exactly as iproute2 does) and ``*_text`` the plain
text, trailing spaces included.  The functions only read the model; the command parser decides
which devices, routes or entries to pass.
"""
from __future__ import annotations

import json
from ..kernel_model import NUD, SCOPE_NAMES, Bridge, Macvlan, NetDevice, NetNamespace, Veth, Vxlan

__all__ = ["dumps", "link_objs", "link_text", "addr_objs", "addr_text", "route_objs",
           "route_text", "route_get_obj", "route_get_text", "route_cache_obj", "route_cache_text",
           "neigh_objs", "neigh_text",
           "rule_objs", "rule_text", "bridge_link_objs", "bridge_link_text", "bridge_fdb_objs",
           "bridge_fdb_text"]

FOREVER = 4294967295            # INFINITY_LIFE_TIME
TXQLEN = 1000
# print_link_flags(): the order iproute2 prints interface flags in
_FLAG_ORDER = ("LOOPBACK", "BROADCAST", "POINTOPOINT", "MULTICAST", "NOARP", "ALLMULTI",
               "PROMISC", "MASTER", "SLAVE", "DEBUG", "DYNAMIC", "AUTOMEDIA", "PORTSEL",
               "NOTRAILERS", "UP", "LOWER_UP", "DORMANT", "ECHO")
# multicast MACs on dev->mc: ff02::1 from registration (addrconf, even with IPv6 disabled);
# 224.0.0.1 while the device is up (ip_mc_up); a bridge that is up also joins the snoopers
# groups 224.0.0.106 and ff02::6a (br_multicast_open) before NETDEV_UP.
_MC_ALL_NODES6, _MC_ALL_HOSTS4 = "33:33:00:00:00:01", "01:00:5e:00:00:01"
_MC_SNOOPERS = ("01:00:5e:00:00:6a", "33:33:00:00:00:6a")


def dumps(objs) -> str:
    """iproute2's ``-j`` output: compact JSON and a newline."""
    return json.dumps(objs, separators=(",", ":")) + "\n"


# ----------------------------------------------------------------------------- links
def _flags(dev: NetDevice) -> list[str]:
    """dev_get_flags() as print_link_flags() shows it (without M-DOWN)."""
    present = set(dev.iff_flags())
    if dev.admin_up:
        present.add("UP")
        if dev.has_carrier():
            present.add("LOWER_UP")
    out = [f for f in _FLAG_ORDER if f in present]
    if dev.admin_up and not dev.oper_up():      # IFF_UP without IFF_RUNNING
        out.insert(0, "NO-CARRIER")
    return out


def _qdisc(dev: NetDevice) -> str:
    """noop until the device is first opened, then noqueue (virtual devices keep it when
    down, until a move to another namespace frees it).  A device read from a real kernel
    carries the kernel's own answer (IFLA_QDISC) in ``qdisc``."""
    q = getattr(dev, "qdisc", None)
    if q:
        return q
    return "noqueue" if dev.admin_up or dev.ever_up else "noop"


def _link_peer(dev: NetDevice) -> NetDevice | None:
    """The device IFLA_LINK names: a veth's peer, a macvlan's lower device (vxlan: none)."""
    if isinstance(dev, Veth):
        return dev.peer
    if isinstance(dev, Macvlan):
        return dev.lower_dev
    return None


def _link_info(ns: NetNamespace, dev: NetDevice):
    """(json key, json value, text suffix after '@', netns of the peer or None, M-DOWN)."""
    peer = _link_peer(dev)
    if isinstance(dev, Vxlan) and dev.net is not ns:
        # a vxlan moved out of the namespace it was made in: its link-netns is that one
        return "link_index", dev.ifindex, f"if{dev.ifindex}", dev.net, False
    if peer is None:
        return None
    if peer.ns is not ns:
        # rtnl_fill_link_netnsid(): IFLA_LINK is always put with a link-netnsid
        return "link_index", peer.ifindex, f"if{peer.ifindex}", peer.ns, False
    if peer.ifindex == dev.ifindex:
        return None
    return "link", peer.name, peer.name, None, not peer.admin_up


def _link_head(ns: NetNamespace, dev: NetDevice) -> tuple[dict, str, str | None]:
    """The common first part of a link object; also the text 'N: name@x: <flags>' and the
    name of the peer's namespace (for link-netns)."""
    o: dict = {"ifindex": dev.ifindex}
    info = _link_info(ns, dev)
    name, mdown, peer_ns = dev.name, False, None
    if info is not None:
        key, val, suffix, peer_ns, mdown = info
        o[key] = val
        name = f"{dev.name}@{suffix}"
    flags = _flags(dev)
    o["ifname"] = dev.name
    o["flags"] = flags + (["M-DOWN"] if mdown else [])
    text = f"{dev.ifindex}: {name}: <{','.join(o['flags'])}>"
    return o, text, peer_ns


def _link_mid(o: dict, dev: NetDevice, with_mode: bool) -> str:
    """mtu, qdisc, master, operstate[, linkmode], group, txqlen: JSON into ``o``, text returned."""
    o["mtu"] = dev.mtu
    o["qdisc"] = _qdisc(dev)
    text = f" mtu {dev.mtu} qdisc {o['qdisc']}"
    if dev.master is not None:
        o["master"] = dev.master.name
        text += f" master {dev.master.name}"
    o["operstate"] = dev.operstate()
    text += f" state {o['operstate']}"
    if with_mode:
        o["linkmode"] = "DEFAULT"
        text += " mode DEFAULT"
    o["group"] = "default"
    o["txqlen"] = getattr(dev, "txqlen", TXQLEN)
    return text + f" group default qlen {o['txqlen']}"


def _brd(dev: NetDevice) -> str:
    return "00:00:00:00:00:00" if dev.link_type == "loopback" else "ff:ff:ff:ff:ff:ff"


def _details(ns: NetNamespace, dev: NetDevice) -> dict:
    """A subset of ``ip -d``: what the model knows (not used by the corpus)."""
    port = dev.port
    d: dict = {"promiscuity": 1 if port else 0, "allmulti": 1 if port else 0,
               "min_mtu": 0 if dev.kind == "loopback" else 68,
               "max_mtu": 0 if dev.kind == "loopback" else 65535}
    li: dict = {}
    if dev.kind not in ("loopback", "generic"):
        li["info_kind"] = dev.kind
    if isinstance(dev, Vxlan):
        data = {"id": dev.vni}
        if dev.remote is not None:
            data["remote"] = str(dev.remote)
        if dev.local is not None:
            data["local"] = str(dev.local)
        if dev.lower_dev is not None:
            data["link"] = dev.lower_dev.name
        data["port"] = dev.dstport
        li["info_data"] = data
    elif isinstance(dev, Macvlan):
        li["info_data"] = {"mode": dev.mode}
    if port is not None:
        li["info_slave_kind"] = "bridge"
        li["info_slave_data"] = {"state": port.state, "priority": port.priority,
                                 "cost": port.cost, "hairpin": port.hairpin,
                                 "learning": port.learning, "flood": port.flood}
    if li:
        d["linkinfo"] = li
    return d


def _by_index(devs) -> list[NetDevice]:
    """rtnl_dump_ifinfo() walks the namespace's ifindex xarray: dumps come in ifindex order."""
    return sorted(devs, key=lambda d: d.ifindex)


def link_objs(ns: NetNamespace, devs, details: bool = False) -> list[dict]:
    """``ip -j link show``."""
    out = []
    for dev in _by_index(devs):
        o, _, peer_ns = _link_head(ns, dev)
        _link_mid(o, dev, with_mode=True)
        o["link_type"] = dev.link_type
        o["address"] = dev.mac
        o["broadcast"] = _brd(dev)
        if peer_ns is not None:
            o["link_netnsid"] = ns.nsid_of(peer_ns)
        if details:
            o.update(_details(ns, dev))
        if getattr(dev, "ifalias", None):
            o["ifalias"] = dev.ifalias
        out.append(o)
    return out


def link_text(ns: NetNamespace, devs) -> str:
    """``ip link show``."""
    lines = []
    for dev in _by_index(devs):
        o, head, peer_ns = _link_head(ns, dev)
        lines.append(head + _link_mid(o, dev, with_mode=True))
        lines.append(f"    link/{dev.link_type} {dev.mac} brd {_brd(dev)}"
                     + (f" link-netns {peer_ns.name}" if peer_ns is not None else ""))
        if getattr(dev, "ifalias", None):
            lines.append(f"    alias {dev.ifalias}")
    return "".join(line + "\n" for line in lines)


# ----------------------------------------------------------------------------- addresses
def _addr_info(a) -> dict:
    o = {"family": "inet", "local": str(a.local), "prefixlen": a.prefixlen}
    if a.broadcast is not None:
        o["broadcast"] = str(a.broadcast)
    o["scope"] = SCOPE_NAMES.get(a.scope, str(a.scope))
    if a.secondary:
        o["secondary"] = True
    if a.noprefixroute:
        o["noprefixroute"] = True
    o["label"] = a.label
    o["valid_life_time"] = FOREVER
    o["preferred_life_time"] = FOREVER
    return o


def _addr_line(a) -> str:
    s = f"    inet {a.local}/{a.prefixlen} "
    if a.broadcast is not None:
        s += f"brd {a.broadcast} "
    s += f"scope {SCOPE_NAMES.get(a.scope, str(a.scope))} "
    if a.secondary:
        s += "secondary "
    if a.noprefixroute:
        s += "noprefixroute "
    return s + f"{a.label}\n       valid_lft forever preferred_lft forever\n"


def _link_passes(dev: NetDevice, lst) -> bool:
    """print_linkinfo()'s own filters (up; master and type unless a label is asked for)."""
    if lst is None:
        return True
    if lst.up and not dev.admin_up:
        return False
    if lst.sel.label is not None:
        return True                        # print_linkinfo() stops here: prints no link part
    if lst.group not in (None, 0):         # every device is in group 0 ("default")
        return False
    if lst.master is not None and (dev.master is None or dev.master.name != lst.master):
        return False
    if lst.nomaster and dev.master is not None:
        return False
    if lst.slave_kind is not None and (dev.master is None or dev.master.kind != lst.slave_kind):
        return False
    return lst.kind is None or dev.kind == lst.kind


def _addr_passes(a, lst) -> bool:
    """print_addrinfo()'s selectors (scope, flags, label glob, ``to`` prefix)."""
    return lst is None or lst.sel.selects(a.local, a.scope, a.ifa_flags, a.label)


def _addr_dev_kept(dev: NetDevice, lst, family_inet: bool) -> bool:
    """ipaddr_filter(): a device stays if one of its addresses passes, or if it has none at
    all and no address family was asked for."""
    if not dev.addrs:
        return not family_inet
    return any(_addr_passes(a, lst) for a in dev.addrs)


def addr_objs(ns: NetNamespace, devs, family_inet_only: bool = True, lst=None) -> list[dict]:
    """``ip [-4] -j addr show``: with -4 the link/ether part is left out and devices without
    an IPv4 address are omitted.  iproute2 6.1 opens each device's JSON object before
    print_linkinfo() applies the up/master/type filters, so a filtered-out device prints as
    ``{}``; likewise an address that fails a selector is a ``{}`` in addr_info, and a
    device none of whose addresses passes is left out."""
    out = []
    for dev in _by_index(devs):
        if not _addr_dev_kept(dev, lst, family_inet_only):
            continue
        if not _link_passes(dev, lst):
            out.append({})
            continue
        o: dict = {}
        if lst is None or lst.sel.label is None:
            o, _, peer_ns = _link_head(ns, dev)
            _link_mid(o, dev, with_mode=False)
            if not family_inet_only:
                o["link_type"] = dev.link_type
                o["address"] = dev.mac
                o["broadcast"] = _brd(dev)
            if peer_ns is not None:
                o["link_netnsid"] = ns.nsid_of(peer_ns)
        o["addr_info"] = [_addr_info(a) if _addr_passes(a, lst) else {} for a in dev.addrs]
        out.append(o)
    return out


def addr_text(ns: NetNamespace, devs, family_inet_only: bool = False, lst=None) -> str:
    """``ip [-4] addr show``; with a label filter only the matching address lines."""
    parts = []
    for dev in _by_index(devs):
        if not _addr_dev_kept(dev, lst, family_inet_only):
            continue
        if not _link_passes(dev, lst):
            continue
        if lst is None or lst.sel.label is None:
            o, head, peer_ns = _link_head(ns, dev)
            netns = f" link-netns {peer_ns.name}" if peer_ns is not None else ""
            head += _link_mid(o, dev, with_mode=False)
            if family_inet_only:
                parts.append(head + netns + "\n")
            else:
                parts.append(head + "\n")
                parts.append(f"    link/{dev.link_type} {dev.mac} brd {_brd(dev)}{netns}\n")
        parts.extend(_addr_line(a) for a in dev.addrs if _addr_passes(a, lst))
    return "".join(parts)


# ----------------------------------------------------------------------------- neighbours
SHOW_NUD_MASK = 0xFF & ~NUD.NOARP     # iproute2's default filter.state for show
FLUSH_NUD_MASK = 0xFF & ~(NUD.PERMANENT | NUD.NOARP)   # ... and for flush


def neigh_filter(n, mask: int = SHOW_NUD_MASK) -> bool:
    """print_neigh()'s state filter: ``mask`` is filter.state (0x100 stands for NONE)."""
    return bool(n.state & mask) if n.state != NUD.NONE else bool(mask & 0x100)


def _neigh_obj(n, dev_given: bool) -> dict:
    o: dict = {"dst": str(n.ip)}
    if not dev_given:
        o["dev"] = n.dev.name
    if n.state & NUD.VALID and n.lladdr is not None:       # neigh_fill_info()
        o["lladdr"] = n.lladdr
    if getattr(n, "router", False):
        o["router"] = None
    if n.state:                                          # NONE prints no state at all
        o["state"] = [name for bit, name in sorted(NUD.NAMES.items()) if bit and n.state & bit]
    return o


def neigh_objs(ns: NetNamespace, entries, dev_given: bool = False,
               mask: int = SHOW_NUD_MASK) -> list[dict]:
    """``ip -j neigh show`` (with ``dev NAME`` given, iproute2 leaves out "dev" too)."""
    return [_neigh_obj(n, dev_given) for n in entries if neigh_filter(n, mask)]


def neigh_text(ns: NetNamespace, entries, dev_given: bool = False,
               mask: int = SHOW_NUD_MASK) -> str:
    """``ip neigh show``: 'A dev D lladdr M STATE ' (no dev when ``dev`` was given)."""
    lines = []
    for n in entries:
        if not neigh_filter(n, mask):
            continue
        o = _neigh_obj(n, dev_given)
        toks = [o["dst"]]
        if "dev" in o:
            toks.append(f"dev {o['dev']}")
        if "lladdr" in o:
            toks.append(f"lladdr {o['lladdr']}")
        if "router" in o:
            toks.append("router")
        toks.extend(o.get("state", ()))
        lines.append(" ".join(toks) + " \n")
    return "".join(lines)


# ----------------------------------------------------------------------------- bridge
def _bridge_ports(devs):
    return [d for d in devs if d.port is not None and d.master is not None]


def _bridge_link_head(ns: NetNamespace, dev: NetDevice) -> tuple[dict, str]:
    """br_fill_ifinfo() has IFLA_LINK (iflink != ifindex) but no link-netnsid, so the bridge tool
    names the index as if it were in this namespace (a veth port whose peer is index 2 in a
    container shows as ``p1@br0`` when br0 is index 2 here)."""
    o: dict = {"ifindex": dev.ifindex}
    peer = _link_peer(dev)
    name, mdown = dev.name, False
    if peer is not None and peer.ifindex != dev.ifindex:
        local = ns.devices.get(peer.ifindex)
        lname = local.name if local is not None else f"if{peer.ifindex}"
        o["link"] = lname
        name = f"{dev.name}@{lname}"
        mdown = local is not None and not local.admin_up
    o["ifname"] = dev.name
    o["flags"] = _flags(dev) + (["M-DOWN"] if mdown else [])
    return o, f"{dev.ifindex}: {name}: <{','.join(o['flags'])}>"


def bridge_link_objs(ns: NetNamespace, devs) -> list[dict]:
    """``bridge -j link show``: bridge ports only."""
    out = []
    for dev in _bridge_ports(devs):
        o, _ = _bridge_link_head(ns, dev)
        o.update({"mtu": dev.mtu, "master": dev.master.name, "state": dev.port.state,
                  "priority": dev.port.priority, "cost": dev.port.cost})
        out.append(o)
    return out


def bridge_link_text(ns: NetNamespace, devs) -> str:
    lines = []
    for dev in _bridge_ports(devs):
        _, head = _bridge_link_head(ns, dev)
        p = dev.port
        lines.append(f"{head} mtu {dev.mtu} master {dev.master.name} state {p.state} "
                     f"priority {p.priority} cost {p.cost} \n")
    return "".join(lines)


def _fdb(mac, dev, flags, state, master=None, dst=None, via=None) -> dict:
    o = {"mac": mac, "ifname": dev.name}
    if dst is not None:
        o["dst"] = str(dst)
    if via is not None:
        o["viaIf"] = via
    o["flags"] = flags
    if master is not None:
        o["master"] = master
    o["state"] = state
    return o


def _self_entries(dev: NetDevice) -> list[dict]:
    """ndo_fdb_dump of a device: a vxlan's own FDB (newest first, the default remote last),
    otherwise ndo_dflt_fdb_dump(): dev->uc then dev->mc as 'self permanent'."""
    if isinstance(dev, Vxlan):
        via = dev.lower_dev.name if dev.lower_dev is not None else None
        # learned entries carry no remote ifindex (vxlan_snoop() only keeps one for IPv6
        # link-local sources); the default remote has the device's
        out = [_fdb(mac, dev, ["self"], "permanent" if mac in dev.vxfdb_static else "", dst=ip)
               for mac, ip in reversed(list(dev.vxfdb.items()))]
        if dev.remote is not None:
            out.append(_fdb("00:00:00:00:00:00", dev, ["self"], "permanent", dst=dev.remote,
                            via=via))
        return out
    macs = [mv.mac for mv in dev.macvlans if mv.admin_up]        # macvlan_open: dev_uc_add
    macs.append(_MC_ALL_NODES6)
    if dev.admin_up:
        if isinstance(dev, Bridge):
            macs.extend(_MC_SNOOPERS)
        macs.append(_MC_ALL_HOSTS4)
    return [_fdb(m, dev, ["self"], "permanent") for m in macs]


def _fdb_state(e) -> str:
    return "permanent" if e.is_local else ("static" if e.static else "")


def bridge_fdb_objs(ns: NetNamespace, br=None, port=None) -> list[dict]:
    """``bridge -j fdb show [br BR] [dev PORT]`` in rtnl_fdb_dump() order: devices in list
    order; with ``br`` only that bridge and its ports.  For a bridge its own 'self' entries
    then the entries with no port; for a port the bridge's entries on it (newest first,
    hlist_add_head) then the port's own 'self' entries; any other device its 'self' entries
    (ndo_dflt_fdb_dump(): Ethernet devices only).  print_fdb() leaves ``ifname`` out when a
    device was asked for."""
    from ..kernel.bridge import fdb_entries
    out = []
    for dev in _by_index(ns.devices.values()):     # for_each_netdev_dump(): ifindex order
        if port is not None and dev is not port:
            continue
        if br is not None and not (dev is br and isinstance(dev, Bridge)) \
                and dev.master is not br:
            continue
        if dev.master is not None:
            entries = reversed(fdb_entries(dev.master))
            out.extend(_fdb(e.mac, dev, [], _fdb_state(e), master=dev.master.name)
                       for e in entries if e.port is dev)
        if isinstance(dev, Bridge):
            out.extend(_self_entries(dev))
            out.extend(_fdb(e.mac, dev, [], _fdb_state(e), master=dev.name)
                       for e in reversed(fdb_entries(dev)) if e.port is None)
        elif dev.link_type == "ether":
            out.extend(_self_entries(dev))
    if port is not None:
        for o in out:
            del o["ifname"]
    return out


def bridge_fdb_text(ns: NetNamespace, br=None, port=None) -> str:
    lines = []
    for o in bridge_fdb_objs(ns, br, port):
        s = f"{o['mac']} " + (f"dev {o['ifname']} " if "ifname" in o else "")
        if "dst" in o:
            s += f"dst {o['dst']} "
        if "viaIf" in o:
            s += f"via {o['viaIf']} "
        s += "".join(f"{f} " for f in o["flags"])
        if "master" in o:
            s += f"master {o['master']} "
        lines.append(s + o["state"] + "\n")
    return "".join(lines)


# ip route / ip rule printers live in show_route.py (size cap); they are names of this module
from .show_route import (route_cache_obj, route_cache_text, route_get_obj,  # noqa: E402
                         route_get_text, route_objs, route_text, rule_objs, rule_text)
