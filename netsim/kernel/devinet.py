"""IPv4 addresses on devices: models net/ipv4/devinet.c (inet_insert_ifa, inet_del_ifa) and the
routes the kernel derives from them in net/ipv4/fib_frontend.c (fib_add_ifaddr, fib_del_ifaddr,
fib_netdev_event).

An address gives a ``local`` route in table local (even while the device is down); once the
device is up, also the subnet's ``proto kernel scope link`` route in main and a ``broadcast``
route.  A second address in an existing subnet is *secondary*; deleting a primary deletes its
secondaries (``promote_secondaries=0``).
"""
from __future__ import annotations

import errno
from ipaddress import IPv4Address

from ..errors import Exists, Invalid, NetsimError
from ..kernel_model import (RT_TABLE_LOCAL, RT_TABLE_MAIN, SCOPE_HOST,
                            SCOPE_LINK, SCOPE_NOWHERE, InetAddr, NetDevice, NetNamespace, Route)
from . import fib, neighbour

__all__ = ["addr_add", "addr_del", "fib_add_ifaddr", "fib_del_ifaddr", "dev_up_routes",
           "dev_down_routes", "flush_addrs", "sysctl_write"]


def sysctl_write(ns: NetNamespace, key: str, value: str) -> None:
    """A write to /proc/sys/net/ipv4/...: proc_dointvec() and the devinet handlers.

    * ``ip_forward`` and ``conf.all.forwarding`` (devinet_sysctl_forward ->
      inet_forward_change()) set ``conf.default.forwarding`` and every device's to the value,
      and a router stops taking redirects (``conf.all.accept_redirects`` = !forwarding);
      ``conf.default.forwarding`` and a device's own change only themselves.
    * the devinet_conf_proc() keys (every conf key but forwarding and the flushing ones) mark
      the key as set in that conf; a write to ``conf.default`` is copied to every device that
      has not set the key itself (devinet_copy_dflt_conf()).
    """
    value = _proc_dointvec(key, ns.sysctl[key], value)
    ns.sysctl[key] = value
    if key in ("net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding"):
        for k in list(ns.sysctl):
            if k.startswith("net.ipv4.conf.") and k.endswith(".forwarding"):
                ns.sysctl[k] = value
        ns.sysctl["net.ipv4.ip_forward"] = value
        ns.sysctl["net.ipv4.conf.all.accept_redirects"] = "0" if value != "0" else "1"
        return
    parts = key.split(".")
    if len(parts) != 5 or parts[:3] != ["net", "ipv4", "conf"] or parts[4] in _NOT_COPIED:
        return
    conf, attr = parts[3], parts[4]
    ns.conf_state.setdefault(conf, set()).add(attr)
    if conf == "default":
        for name in ns.by_name:
            if attr not in ns.conf_state.get(name, ()):
                ns.sysctl[f"net.ipv4.conf.{name}.{attr}"] = value


# conf keys devinet_conf_proc() does not handle: forwarding (devinet_sysctl_forward), the
# read-only mc_forwarding, and the DEVINET_SYSCTL_FLUSHING_ENTRY ones (ipv4_doint_and_flush)
_NOT_COPIED = frozenset({"forwarding", "mc_forwarding", "disable_xfrm", "disable_policy",
                         "promote_secondaries", "route_localnet",
                         "drop_unicast_in_l2_multicast"})

# proc_dointvec_minmax() ranges of the integer keys that have one
_SYSCTL_RANGE = {"net.ipv4.ip_default_ttl": (1, 255)}


def _proc_dointvec(key: str, old: str, value: str) -> str:
    """proc_dointvec(): whitespace-separated integers, no more than the key holds (EINVAL for
    anything else, or for a value outside the key's range); keys that are not integer vectors
    take the text as it is."""
    want = old.split()
    if not want or not all(w.lstrip("-").isdigit() for w in want):
        return value
    got = value.split()
    if not got or len(got) > len(want) or not all(g.lstrip("+-").isdigit() for g in got):
        raise Invalid()
    nums = [int(g) for g in got]
    lo, hi = _SYSCTL_RANGE.get(key, (-2**31, 2**31 - 1))
    if any(not lo <= n <= hi for n in nums):
        raise Invalid()
    return "\t".join(str(n) for n in nums + [int(w) for w in want[len(nums):]])


def _magic(ns: NetNamespace, type_: str, dst: int, plen: int, prim: InetAddr,
           dev: NetDevice, table: int) -> None:
    """fib_magic(RTM_NEWROUTE): add a kernel route unless an identical one exists."""
    t = ns.table(table, create=True)
    for r in t.aliases(dst, plen):
        if r.type == type_ and r.dev is dev and r.prefsrc == prim.local:
            return
    scope = SCOPE_HOST if type_ == "local" else SCOPE_LINK
    r = Route(dst, plen, table, type_, dev, None, 0, prim.local, scope, "kernel",
              nh_scope=SCOPE_NOWHERE if scope == SCOPE_HOST else SCOPE_HOST)
    t.insert(r, append=True)


def _unmagic(ns: NetNamespace, type_: str, dst: int, plen: int, prim: InetAddr,
             dev: NetDevice, table: int) -> None:
    t = ns.tables.get(table)
    if t is None:
        return
    for r in t.aliases(dst, plen):
        if r.type == type_ and r.dev is dev and r.prefsrc == prim.local and r.proto == "kernel":
            t.remove(r)
            return


def _primary_for(dev: NetDevice, ifa: InetAddr) -> InetAddr:
    if not ifa.secondary:
        return ifa
    for a in dev.addrs:
        if not a.secondary and a.prefixlen == ifa.prefixlen and a.network == ifa.network:
            return a
    return ifa


def fib_add_ifaddr(ns: NetNamespace, ifa: InetAddr) -> None:
    dev = ifa.dev
    prim = _primary_for(dev, ifa)
    addr = int(ifa.local)
    _magic(ns, "local", addr, 32, prim, dev, RT_TABLE_LOCAL)
    if not dev.admin_up:
        return
    if ifa.broadcast is not None and int(ifa.broadcast) != 0xFFFFFFFF:
        _magic(ns, "broadcast", int(ifa.broadcast), 32, prim, dev, RT_TABLE_LOCAL)
    prefix = ifa.network
    if prefix and not ifa.secondary and (prefix != addr or ifa.prefixlen < 32):
        if not ifa.noprefixroute:
            if dev.kind == "loopback":
                _magic(ns, "local", prefix, ifa.prefixlen, prim, dev, RT_TABLE_LOCAL)
            else:
                _magic(ns, "unicast", prefix, ifa.prefixlen, prim, dev, RT_TABLE_MAIN)
        if ifa.prefixlen < 31:
            _magic(ns, "broadcast", prefix | (~ifa.mask & 0xFFFFFFFF), 32, prim, dev,
                   RT_TABLE_LOCAL)


def fib_del_ifaddr(ns: NetNamespace, ifa: InetAddr) -> None:
    """Remove the routes an address gave, unless another address still needs them."""
    dev = ifa.dev
    prim = _primary_for(dev, ifa)
    addr = int(ifa.local)
    prefix = ifa.network
    if not ifa.secondary:
        if dev.kind == "loopback":
            _unmagic(ns, "local", prefix, ifa.prefixlen, prim, dev, RT_TABLE_LOCAL)
        else:
            _unmagic(ns, "unicast", prefix, ifa.prefixlen, prim, dev, RT_TABLE_MAIN)
    # broadcast and local routes go only if no other address on any device still implies them
    others = [a for d in ns.devices.values() for a in d.addrs if a is not ifa]
    brd = prefix | (~ifa.mask & 0xFFFFFFFF)
    if ifa.prefixlen < 31 and not any(
            a.dev is dev and a.network == prefix and a.prefixlen == ifa.prefixlen for a in others):
        _unmagic(ns, "broadcast", brd, 32, prim, dev, RT_TABLE_LOCAL)
    if ifa.broadcast is not None:
        _unmagic(ns, "broadcast", int(ifa.broadcast), 32, prim, dev, RT_TABLE_LOCAL)
    if not any(int(a.local) == addr for a in others):
        _unmagic(ns, "local", addr, 32, prim, dev, RT_TABLE_LOCAL)
        ns.local_addrs.pop(addr, None)
        # fib_sync_down_addr(): routes whose preferred source was this address die with it
        for table in list(ns.tables.values()):
            for r in table.routes():
                if r.prefsrc is not None and int(r.prefsrc) == addr:
                    table.remove(r)
    if RT_TABLE_LOCAL in ns.tables and not len(ns.tables[RT_TABLE_LOCAL]):
        pass  # the local table, once created, stays (the kernel keeps it)


def addr_add(ns: NetNamespace, dev: NetDevice, local: IPv4Address, prefixlen: int, *,
             broadcast: IPv4Address | None = None, scope: int | None = None,
             label: str | None = None, noprefixroute: bool = False,
             replace: bool = False) -> InetAddr:
    """inet_rtm_newaddr(): EEXIST "Address already assigned" for the same address/prefix."""
    if label is not None and len(label.encode()) >= 16:
        raise Invalid(extack="Attribute failed policy validation.")   # IFA_LABEL: IFNAMSIZ-1
    for a in dev.addrs:
        if a.local == local and a.prefixlen == prefixlen:
            if replace:
                return a
            raise Exists(extack="ipv4: Address already assigned.")
    if scope is None:
        scope = SCOPE_HOST if (int(local) >> 24) == 127 else 0
    ifa = InetAddr(local, prefixlen, dev, label or dev.name, scope, broadcast,
                   noprefixroute=noprefixroute)
    # __inet_insert_ifa(): secondary if an address covers the same subnet with the same mask
    same = [a for a in dev.addrs if not a.secondary and a.prefixlen == prefixlen and
            a.network == ifa.network]
    if any(a.scope != scope for a in same):
        raise Invalid(extack="ipv4: Invalid scope value.")
    ifa.secondary = bool(same)
    if ifa.secondary:
        dev.addrs.append(ifa)
    else:
        # a primary goes after the last primary of the same or a wider (numerically higher)
        # scope: host addresses first, then link, then global (ifa_list order)
        pos = 0
        for idx, a in enumerate(dev.addrs):
            if not a.secondary and scope <= a.scope:
                pos = idx + 1
        dev.addrs.insert(pos, ifa)
    ns.local_addrs.setdefault(int(local), ifa)
    fib_add_ifaddr(ns, ifa)
    return ifa


def addr_del(ns: NetNamespace, dev: NetDevice, local: IPv4Address,
             prefixlen: int | None = None, label: str | None = None) -> InetAddr:
    """inet_rtm_deladdr() → __inet_del_ifa(): the first address with that local (and length,
    and label, when given); a primary takes its secondaries with it, unless
    ``promote_secondaries`` (conf/all or conf/DEV) is set: then the first secondary of the
    subnet becomes the primary and the subnet's routes take it as their source."""
    for ifa in dev.addrs:
        if ifa.local == local and (prefixlen is None or ifa.prefixlen == prefixlen) \
                and (label is None or ifa.label == label):
            break
    else:
        raise NetsimError(errno.EADDRNOTAVAIL, "ipv4: Address not found.")
    secs = [a for a in dev.addrs if a.secondary and a.network == ifa.network
            and a.prefixlen == ifa.prefixlen] if not ifa.secondary else []
    if secs and _promote_secondaries(ns, dev):
        _del_promoting(ns, dev, ifa, secs)
        return ifa
    # secondaries first, then the primary (as __inet_del_ifa does)
    for v in secs + [ifa]:
        _unlink(ns, dev, v)
        fib_del_ifaddr(ns, v)
    if not dev.addrs:
        fib_disable_ip(ns, dev)
    return ifa


def fib_disable_ip(ns: NetNamespace, dev: NetDevice) -> None:
    """fib_inetaddr_event(NETDEV_DOWN) once the last address is gone: "Disable IP" --
    fib_sync_down_dev(force) drops every route through the device (gateway routes included)
    and arp_ifdown() forgets its neighbours, permanent ones too (checked on 6.18)."""
    fib.flush_dev_routes(ns, dev, force=True)
    neighbour.neigh_ifdown(ns, dev, include_permanent=True)


def _promote_secondaries(ns: NetNamespace, dev: NetDevice) -> bool:
    """IN_DEV_PROMOTE_SECONDARIES(): conf/all *or* conf/DEV (IN_DEV_ORCONF)."""
    return ns.sysctl.get("net.ipv4.conf.all.promote_secondaries", "0") != "0" or \
        ns.sysctl.get(f"net.ipv4.conf.{dev.name}.promote_secondaries", "0") != "0"


def _unlink(ns: NetNamespace, dev: NetDevice, v: InetAddr) -> None:
    dev.addrs.remove(v)
    if ns.local_addrs.get(int(v.local)) is v:
        del ns.local_addrs[int(v.local)]
        for d in ns.devices.values():
            for a in d.addrs:
                if a.local == v.local:
                    ns.local_addrs[int(v.local)] = a


def _del_promoting(ns: NetNamespace, dev: NetDevice, ifa: InetAddr, secs: list) -> None:
    """__inet_del_ifa() with promotion: the secondaries' routes (whose source is the departing
    primary) go silently, the primary goes with its routes, the first secondary is promoted
    (placed after the last primary) and every address of the subnet adds its routes again."""
    for sec in secs:
        _unmagic(ns, "local", int(sec.local), 32, ifa, dev, RT_TABLE_LOCAL)
    if ifa.prefixlen < 31:
        _unmagic(ns, "broadcast", ifa.network | (~ifa.mask & 0xFFFFFFFF), 32, ifa, dev,
                 RT_TABLE_LOCAL)
    _unlink(ns, dev, ifa)
    fib_del_ifaddr(ns, ifa)
    promote = secs[0]
    dev.addrs.remove(promote)
    promote.secondary = False
    pos = 0                       # after the last primary of the same or a wider scope
    for idx, a in enumerate(dev.addrs):
        if not a.secondary and promote.scope <= a.scope:
            pos = idx + 1
    dev.addrs.insert(pos, promote)
    for a in secs:
        fib_add_ifaddr(ns, a)


def flush_addrs(ns: NetNamespace, dev: NetDevice) -> None:
    """inetdev_destroy(): a device leaving the namespace loses every address and route."""
    for ifa in list(dev.addrs):
        dev.addrs.remove(ifa)
        if ns.local_addrs.get(int(ifa.local)) is ifa:
            del ns.local_addrs[int(ifa.local)]
        fib_del_ifaddr(ns, ifa)
    fib.flush_dev_routes(ns, dev, force=True)


def dev_up_routes(ns: NetNamespace, dev: NetDevice) -> None:
    """NETDEV_UP: every address of the device adds its subnet and broadcast routes."""
    for ifa in dev.addrs:
        fib_add_ifaddr(ns, ifa)


def dev_down_routes(ns: NetNamespace, dev: NetDevice) -> None:
    """NETDEV_DOWN: fib_sync_down_dev() — routes through the device go, host-scope ones stay."""
    fib.flush_dev_routes(ns, dev, force=False)
