"""The simulated backend: typed commands (:mod:`netsim.commands.model`) executed on the
pure-Python kernel model, the way rtnetlink executes a netlink request.

``apply(cmd)`` dispatches on the command's type to the kernel functions (``netsim.kernel``:
``rtnetlink`` for links, ``devinet`` for addresses, ``fib`` for routes and rules,
``neighbour`` for ARP entries).  Names in the command are resolved here, as the kernel resolves
an ifindex: a device that is not there is ``ENODEV``.  A refusal raises
:class:`~netsim.errors.NetsimError` with the kernel's errno and extack; the command layer prints
it as ``ip`` would.  ``snapshot()`` is the live kernel model (read it, do not keep it).
"""
from __future__ import annotations

import errno
from ipaddress import IPv4Address

from ..commands import model as m
from ..errors import Exists, Invalid, NetsimError, NotFound
from ..kernel import devinet, fib, load, neighbour
from ..kernel import rtnetlink as rl
from ..kernel.link_watch import linkwatch_settle, linkwatch_sync_dev
from ..kernel.bridge import br_setport
from ..kernel_model import NUD, Bridge, FdbEntry, FibRule, Kernel, Route, Vxlan
from .base import DEFAULT_NS

__all__ = ["SimBackend", "ROOT_NS"]

ROOT_NS = DEFAULT_NS
NUD_VALUE = {"permanent": NUD.PERMANENT, "reachable": NUD.REACHABLE, "stale": NUD.STALE,
             "noarp": NUD.NOARP, "delay": NUD.DELAY, "probe": NUD.PROBE, "failed": NUD.FAILED,
             "incomplete": NUD.INCOMPLETE, "none": NUD.NONE}


class SimBackend:
    """The simulated machine: a :class:`~netsim.kernel_model.Kernel` with one namespace of its
    own (``"root"``, the default for commands that name none)."""

    kind = "simulated"
    default_ns = ROOT_NS

    def __init__(self, seed: int = 0):
        from ..commands.shell import Shell
        load()
        self.kernel = Kernel(seed=seed)
        rl.netns_add(self.kernel, ROOT_NS)
        self.shell = Shell(self, ROOT_NS)
        self._dirty = False           # a link changed since the last settle()

    # -- the Backend protocol ----------------------------------------------
    def apply(self, cmd) -> None:
        """Execute one typed command as its iproute2 line would; NetsimError(errno, extack) if
        the kernel refuses."""
        # iproute2 resolves each device it names with RTM_GETLINK (ll_name_to_index) before
        # sending the request; ip neigh and bridge read a link dump instead (ll_init_map)
        self.settle()
        for name in _getlink_names(cmd):
            self.getlink(cmd.ns, name)
        self.apply_request(cmd)

    def apply_request(self, cmd) -> None:
        """Execute one typed command as a bare netlink request (no name lookups first)."""
        self.settle()
        handler = _APPLY.get(type(cmd))
        if handler is None:
            raise NetsimError(errno.EOPNOTSUPP, f"netsim: not supported yet: {cmd}")
        try:
            handler(self, cmd)
        finally:
            if isinstance(cmd, _LINK_MUTATIONS):
                self._dirty = True

    def snapshot(self) -> Kernel:
        self.settle()
        return self.kernel

    def settle(self) -> None:
        """Before the next command after a link change: let linkwatch catch up, as a user (and
        the corpus recorder) waits until every up link's operstate agrees with its carrier."""
        if self._dirty:
            self._dirty = False
            linkwatch_settle(self.kernel)

    def getlink(self, ns: str | None, name: str) -> None:
        """RTM_GETLINK for one device (rtnl_getlink): its pending linkwatch event runs first."""
        space = self.kernel.namespaces.get(ROOT_NS if ns is None else ns)
        dev = space.by_name.get(name) if space is not None else None
        if dev is not None:
            linkwatch_sync_dev(dev)

    def route_get(self, q: m.RouteGet):
        """``ip route get``: the kernel's decision (``fib.RouteDecision``), or NetsimError."""
        self.settle()
        for name in (q.iif, q.oif):
            if name is not None:
                self.getlink(q.ns, name)
        ns = self.ns(q.ns)
        if q.iif is not None:
            dec = fib.route_input(ns, q.dst, q.src or IPv4Address(0), self.dev(q.ns, q.iif))
        else:
            oif = self.dev(q.ns, q.oif) if q.oif is not None else None
            dec = fib.route_output(ns, q.dst, q.src, oif)
        if dec.error:
            raise NetsimError(dec.error)
        return dec

    def route_cache(self, ns: str | None) -> list:
        """``ip route show cache``: the route exceptions, (destination, RouteDecision)."""
        from ..kernel.route import fnhe_dump
        return fnhe_dump(self.ns(ns))

    def ping(self, ns, dst, count=1, timeout=1.0, interval=1.0, ttl=None, size=56, quiet=False,
             iface=None, source=None):
        from ..ping import PingResult, ping
        self.settle()
        space = self.ns(ns)
        dev = None
        if iface is not None:
            dev = space.by_name.get(iface)
            if dev is None:
                return PingResult(2, "", f"ping: SO_BINDTODEVICE {iface}: No such device\n")
        return ping(self.kernel, space, dst, count=count, timeout=timeout, interval=interval,
                    ttl=ttl, size=size, quiet=quiet, iface=dev, source=source)

    def program(self, ns, argv: list[str]) -> tuple[int, str, str]:
        """A user-space program (``iptables``, ``nc``, ``curl``, ``conntrack``, ``dmesg``) run in
        namespace ``ns`` of the model: (exit status, stdout, stderr) as the real one prints."""
        self.settle()
        k, prog, args = self.kernel, argv[0], list(argv[1:])
        n = self.ns(ns)
        if prog.startswith("iptables"):
            from ..iptables_cmd import iptables
            from ..kernel.netfilter import Netfilter
            if n.netfilter is None:
                n.netfilter = Netfilter()
            return iptables(n.netfilter, args)
        if prog in ("nc", "netcat"):
            from ..nc import nc
            return nc(k, n, args)
        from .. import apps
        if prog in apps.PROGRAMS:
            return apps.run(k, n, prog, args)
        return 127, "", f"netsim: not supported yet: {prog}\n"

    def background(self, ns, argv: list[str]):
        """Start a service (``nc -lk PORT``, ``python3 -m http.server PORT``) in ``ns``; None
        when netsim cannot run ``argv`` in the background."""
        from .. import apps
        return apps.background(self.kernel, self.ns(ns), argv) if apps.can_background(argv) \
            else None

    def sh(self, line):
        return self.shell.run(line)

    def close(self) -> None:
        """Nothing to release: the simulated machine lives in this process."""

    # -- name resolution -----------------------------------------------------
    def ns(self, name: str | None):
        ns = self.kernel.namespaces.get(ROOT_NS if name is None else name)
        if ns is None:
            raise NotFound(errno.ENOENT)
        return ns

    def dev(self, ns: str | None, name: str):
        d = self.ns(ns).by_name.get(name)
        if d is None:
            raise NotFound()        # ENODEV: "RTNETLINK answers: No such device"
        return d

    # -- namespaces, links ---------------------------------------------------
    def _netns_add(self, c: m.NetnsAdd) -> None:
        rl.netns_add(self.kernel, c.name)

    def _netns_del(self, c: m.NetnsDel) -> None:
        rl.netns_del(self.kernel, c.name)

    def _link_add(self, c: m.LinkAdd) -> None:
        ns = self.ns(c.ns)
        k = c.kind
        for mtu in (c.mtu, getattr(k, "peer_mtu", None)):
            if mtu is not None and not 68 <= mtu <= 65535:
                if isinstance(k, m.Veth):
                    raise Invalid()                          # veth_validate(): no message
                raise Invalid(extack="mtu less than device minimum." if mtu < 68    # rtnl_
                              else "mtu greater than device maximum.")  # create_link()
        name = c.name
        if isinstance(k, m.Veth):
            # unnamed ends get "veth%d" from the kernel, the peer (registered first) first
            peer_ns = self.ns(k.peer_ns) if k.peer_ns is not None else ns
            peer = k.peer or _auto_name(peer_ns, "veth")
            if name is None:
                name = _auto_name(ns, "veth", taken=peer if peer_ns is ns else None)
            dev, peer_dev = rl.veth_add(ns, name, peer, peer_ns, c.mac, k.peer_mac)
            if k.peer_mtu is not None:
                rl.link_set_mtu(peer_dev, k.peer_mtu)
        elif isinstance(k, m.Macvlan):
            if c.link is None:
                raise NetsimError(errno.EINVAL)        # macvlan_newlink(): no IFLA_LINK
            opts = {"lower": self.dev(c.ns, c.link)}
            if k.mode is not None:
                opts["mode"] = k.mode
            dev = rl.link_add(ns, "macvlan", name or _auto_name(ns, "macvlan"), c.mac, **opts)
        elif isinstance(k, m.Vxlan):
            opts = {"vni": k.vni, "local": k.local, "remote": k.remote, "ttl": k.ttl,
                    "learning": k.learning, "dstport": k.dstport,
                    "lower": self.dev(c.ns, k.dev) if k.dev is not None else None}
            dev = rl.link_add(ns, "vxlan", name or _auto_name(ns, "vxlan"), c.mac, **opts)
        elif isinstance(k, (m.Bridge, m.Dummy)):
            kind = "bridge" if isinstance(k, m.Bridge) else "dummy"
            dev = rl.link_add(ns, kind, name or _auto_name(ns, kind), c.mac)
        else:
            if name is not None and not rl.valid_ifname(name):
                raise Invalid(extack="Attribute failed policy validation.")
            raise NetsimError(errno.EOPNOTSUPP, "Unknown device type.")
        if c.mtu is not None:
            rl.link_set_mtu(dev, c.mtu)
        if c.txqlen is not None:
            dev.txqlen = c.txqlen
        if c.up:
            rl.link_set_up(dev)               # rtnl_configure_link(): dev_change_flags()

    def _link_del(self, c: m.LinkDel) -> None:
        rl.link_del(self.ns(c.ns), self.dev(c.ns, c.dev))

    def _link_set(self, c: m.LinkSet) -> None:
        """do_setlink(): netns, address, mtu, master/nomaster, name, flags, then port flags."""
        dev = self.dev(c.ns, c.dev)
        if c.netns is not None:
            rl.link_set_netns(dev, self.ns(c.netns), c.name)
        if c.address is not None:
            rl.link_set_address(dev, c.address)
        if c.mtu is not None:
            rl.link_set_mtu(dev, c.mtu)
        if c.master is not None:
            _do_set_master(dev, c.master)
        if c.nomaster:
            rl.link_set_nomaster(dev)
        if c.name is not None:
            rl.link_rename(dev, c.name)
        if c.alias is not None:
            dev.ifalias = c.alias or None              # dev_set_alias(): "" removes it
        if c.txqlen is not None:
            dev.txqlen = c.txqlen
        for flag, on in c.flags:                       # dev_change_flags()
            dev.flags_changed[flag] = on
        if c.up is True:
            rl.link_set_up(dev)
        elif c.up is False:
            rl.link_set_down(dev)
        port = (c.hairpin, c.learning, c.cost, c.priority, c.stp_state)
        if any(v is not None for v in port):
            if dev.port is None:
                raise NetsimError(errno.EOPNOTSUPP)
            br_setport(dev.port, hairpin=c.hairpin, learning=c.learning, cost=c.cost,
                          priority=c.priority, state=c.stp_state)

    # -- addresses -------------------------------------------------------------
    def _addr_add(self, c: m.AddrAdd) -> None:
        devinet.addr_add(self.ns(c.ns), self.dev(c.ns, c.dev), c.local, c.prefixlen,
                         broadcast=c.broadcast, scope=c.scope, label=c.label,
                         noprefixroute=c.noprefixroute, replace=c.mode != "add")

    def _addr_del(self, c: m.AddrDel) -> None:
        devinet.addr_del(self.ns(c.ns), self.dev(c.ns, c.dev), c.local, c.prefixlen, c.label)

    def _addr_flush(self, c: m.AddrFlush) -> None:
        """ipaddr_flush(): delete every address that passes, in rounds until none is left (a
        deleted primary takes its secondaries along, or promotes one that may pass again)."""
        ns = self.ns(c.ns)
        devs = ([self.dev(c.ns, c.dev)] if c.dev is not None
                else sorted(ns.devices.values(), key=lambda d: d.ifindex))
        for _ in range(10):                                 # MAX_ROUNDS
            todo = [(d, a) for d in devs for a in d.addrs
                    if c.select.selects(a.local, a.scope, a.ifa_flags, a.label)]
            if not todo:
                return
            for d, a in todo:
                if a in d.addrs:
                    devinet.addr_del(ns, d, a.local, a.prefixlen)

    # -- routes and rules ------------------------------------------------------
    def _route_add(self, c: m.RouteAdd) -> None:
        ns = self.ns(c.ns)
        dev = self.dev(c.ns, c.dev) if c.dev is not None else None
        if c.type == "unicast" and dev is None and c.via is None:
            raise NotFound()
        route = Route(int(c.dst), c.plen, c.effective_table(), c.type, dev, c.via,
                      c.metric or 0, c.src, c.effective_scope(), c.effective_proto(), c.onlink,
                      c.tos, c.metrics)
        fib.route_add(ns, route, mode=c.mode)

    def _route_del(self, c: m.RouteDel) -> None:
        ns = self.ns(c.ns)
        dev = self.dev(c.ns, c.dev) if c.dev is not None else None
        fib.route_del(ns, int(c.dst), c.plen, c.effective_table(), type=c.type, dev=dev,
                      gateway=c.via, metric=c.metric, prefsrc=c.src, scope=c.effective_scope(),
                      proto=c.proto)

    def _route_flush(self, c: m.RouteFlush) -> None:
        ns = self.ns(c.ns)
        if c.dev is not None:
            self.dev(c.ns, c.dev)
        if c.table is not None and c.table not in ns.tables:
            raise NetsimError(errno.ENOENT, "ipv4: FIB table does not exist.")
        tables = [ns.tables[c.table]] if c.table is not None else list(ns.tables.values())
        for t in tables:
            for r in t.routes():
                if c.selects(r):
                    t.remove(r)

    def _rule(self, c) -> None:
        ns = self.ns(c.ns)
        add = isinstance(c, m.RuleAdd)
        rule = FibRule(c.priority or 0, c.effective_table() if add else (c.table or 0),
                       int(c.src or 0), c.src_len, int(c.dst or 0), c.dst_len, c.iif, c.oif,
                       c.action, c.invert)
        if add:
            fib.rule_add(ns, rule, c.priority is not None)
        else:
            fib.rule_del(ns, rule, c.priority is not None)

    # -- neighbours and FDB ------------------------------------------------------
    def _neigh_add(self, c: m.NeighAdd) -> None:
        """neigh_add(): look the key up as given (an entry in any state, NONE included,
        exists); a new entry stays behind even when the update then fails (no MAC)."""
        ns, d = self.ns(c.ns), self.dev(c.ns, c.dev)
        n = neighbour.neigh_lookup(ns, d, c.dst)
        if c.mode == "add" and n is not None:
            raise Exists()
        if c.mode == "change" and n is None:
            raise NotFound(errno.ENOENT)
        n = neighbour.neigh_create(ns, d, c.dst)
        neighbour.neigh_update(n, c.lladdr, NUD_VALUE[c.nud], override=True, admin=True)

    def _neigh_del(self, c: m.NeighDel) -> None:
        ns, d = self.ns(c.ns), self.dev(c.ns, c.dev)
        n = neighbour.neigh_lookup(ns, d, c.dst)
        if n is None:
            raise NotFound(errno.ENOENT)
        self._neigh_delete(ns, n)

    @staticmethod
    def _neigh_delete(ns, n) -> None:
        """neigh_delete(): FAILED first (queued packets of a pending entry are reported back,
        ICMP host unreachable), then the entry goes."""
        neighbour.neigh_update(n, None, NUD.FAILED, override=True, admin=True)
        neighbour.neigh_remove(ns, n)

    def _neigh_flush(self, c: m.NeighFlush) -> None:
        ns = self.ns(c.ns)
        dev = self.dev(c.ns, c.dev) if c.dev is not None else None
        for n in neighbour.neigh_entries(ns):
            if (dev is None or n.dev is dev) and c.selects(n.ip, n.state):
                self._neigh_delete(ns, n)      # iproute2 deletes each entry it dumped

    def _fdb(self, c) -> None:
        """rtnl_fdb_add/del(): ``master`` goes to the port's bridge (br_fdb_add), ``self`` to
        the device itself (a VXLAN's remote table, a bridge's own entries)."""
        d = self.dev(c.ns, c.dev)
        add = isinstance(c, m.FdbAdd)
        if c.master and not c.self_:
            if d.master is None:
                raise NetsimError(errno.EOPNOTSUPP)     # not a bridge port
            br, port = d.master, d
        elif isinstance(d, Bridge):
            br, port = d, None
        elif isinstance(d, Vxlan):
            if add:
                if c.dst is None:
                    raise Invalid(extack="Unsupported address family")
                d.vxfdb[c.mac] = c.dst
                d.vxfdb_static.add(c.mac)
            elif d.vxfdb.pop(c.mac, None) is None:
                raise NotFound(errno.ENOENT)
            d.vxfdb_static.discard(c.mac)
            return
        else:
            raise NetsimError(errno.EOPNOTSUPP,
                              f"netsim: not supported yet: fdb entries of a {d.kind} device")
        if not add:
            e = br.fdb.get(c.mac)
            if e is None or e.port is not port:
                raise NotFound(errno.ENOENT)
            del br.fdb[c.mac]
            return
        state = c.state or "permanent"                 # iproute2 asks for NUD_PERMANENT
        old = br.fdb.get(c.mac)
        if old is not None and c.mode == "add":
            raise Exists()                              # NLM_F_EXCL
        # fdb_add_entry(): a port that cannot learn takes only local and static entries
        if state == "dynamic" and port is not None and port.port.state != "forwarding":
            raise NetsimError(errno.EPERM)
        e = FdbEntry(c.mac, port, br.ns.kernel.clock.now, is_local=state == "permanent",
                     static=state == "static")
        br.fdb[c.mac] = e            # replace/append: the same entry (same place), updated

    # -- sysctl ------------------------------------------------------------------
    def _sysctl_set(self, c: m.SysctlSet) -> None:
        """A write to /proc/sys/KEY; ENOENT if there is no such file."""
        ns = self.ns(c.ns)
        key = c.key.replace("/", ".")
        if key not in ns.sysctl:
            raise NotFound(errno.ENOENT)
        devinet.sysctl_write(ns, key, c.value)


def _do_set_master(dev, name: str) -> None:
    """do_set_master() (net/core/rtnetlink.c): leave the current master first, then join the
    new one; a device without ndo_add_slave (anything but a bridge here) answers EOPNOTSUPP,
    and the device stays out of its old bridge (the kernel does not roll back; checked on
    6.18).  (Belongs in kernel/rtnetlink.py next to link_set_master.)"""
    target = dev.ns.by_name.get(name)
    if target is None:
        raise Invalid()                    # __dev_get_by_index() failed
    if dev.master is target:
        return
    if dev.master is not None:
        rl.link_set_nomaster(dev)
    rl.link_set_master(dev, target)


def _auto_name(ns, prefix: str, taken: str | None = None) -> str:
    """dev_alloc_name("PREFIX%d"): the lowest free number in the namespace (``taken``: a name
    being registered in the same request)."""
    i = 0
    while f"{prefix}{i}" in ns.by_name or f"{prefix}{i}" == taken:
        i += 1
    return f"{prefix}{i}"


_APPLY = {
    m.NetnsAdd: SimBackend._netns_add, m.NetnsDel: SimBackend._netns_del,
    m.LinkAdd: SimBackend._link_add, m.LinkDel: SimBackend._link_del,
    m.LinkSet: SimBackend._link_set,
    m.AddrAdd: SimBackend._addr_add, m.AddrDel: SimBackend._addr_del,
    m.AddrFlush: SimBackend._addr_flush,
    m.RouteAdd: SimBackend._route_add, m.RouteDel: SimBackend._route_del,
    m.RouteFlush: SimBackend._route_flush,
    m.RuleAdd: SimBackend._rule, m.RuleDel: SimBackend._rule,
    m.NeighAdd: SimBackend._neigh_add, m.NeighDel: SimBackend._neigh_del,
    m.NeighFlush: SimBackend._neigh_flush,
    m.FdbAdd: SimBackend._fdb, m.FdbDel: SimBackend._fdb,
    m.SysctlSet: SimBackend._sysctl_set,
}


_LINK_MUTATIONS = (m.LinkAdd, m.LinkSet, m.LinkDel, m.NetnsDel)
_GETLINK_FIELDS = {m.LinkSet: ("master", "dev"), m.LinkDel: ("dev",), m.LinkAdd: ("link",),
                   m.AddrAdd: ("dev",), m.AddrDel: ("dev",), m.AddrFlush: ("dev",),
                   m.RouteAdd: ("dev",), m.RouteDel: ("dev",), m.RouteFlush: ("dev",)}


def _getlink_names(cmd) -> list[str]:
    """The devices iproute2 looks up by name (RTM_GETLINK) to build ``cmd``'s request."""
    names = [getattr(cmd, f) for f in _GETLINK_FIELDS.get(type(cmd), ())]
    if isinstance(cmd, m.LinkAdd) and isinstance(cmd.kind, m.Vxlan):
        names.append(cmd.kind.dev)
    return [n for n in names if n is not None]
