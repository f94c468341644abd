"""State of the simulated kernel: everything the packet path reads or writes, and nothing else.

Read this file to learn what a namespace, a device, a route or a neighbour entry *has*; read
``netsim/kernel/*.py`` to learn what happens to a packet.  The split mirrors the kernel's
headers (``include/linux/netdevice.h``, ``include/net/ip_fib.h``, ``include/net/neighbour.h``,
``net/bridge/br_private.h``) versus its ``.c`` files.

Map of the state::

    Kernel                      the simulated machine: clock, seeded RNG, namespaces
      NetNamespace              struct net: devices by ifindex and by name, sysctls,
        NetDevice (+ subclasses)  struct net_device: name, ifindex, MAC, flags, master ...
          InetAddr              struct in_ifaddr: one IPv4 address on a device
        FibTable                struct fib_table: routes bucketed by prefix length
          Route                 struct fib_alias + fib_info: one route
            FibNhException      struct fib_nh_exception: a redirect learned for one destination
        FibRule                 struct fib_rule: the policy routing rules
        Neighbour               struct neighbour: one ARP entry and its NUD state
        InetPeer                struct inet_peer: the redirect rate limit towards one host
      Bridge.fdb: FdbEntry      struct net_bridge_fdb_entry
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from ipaddress import IPv4Address
from typing import Callable

from . import sysctl_defaults as _sysctl
from .clock import Clock

__all__ = [
    "Kernel", "NetNamespace", "NetDevice", "Loopback", "Veth", "Bridge", "BridgePort", "Dummy",
    "Vxlan", "Macvlan", "InetAddr", "Route", "FibTable", "FibRule", "Neighbour", "FdbEntry",
    "FibNhException", "InetPeer",
    "RT_TABLE_LOCAL", "RT_TABLE_MAIN", "RT_TABLE_DEFAULT", "SCOPE_NAMES", "NUD",
]

RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL = 253, 254, 255
TABLE_NAMES = {RT_TABLE_DEFAULT: "default", RT_TABLE_MAIN: "main", RT_TABLE_LOCAL: "local"}
# rtnetlink scopes (include/uapi/linux/rtnetlink.h)
SCOPE_UNIVERSE, SCOPE_SITE, SCOPE_LINK, SCOPE_HOST, SCOPE_NOWHERE = 0, 200, 253, 254, 255
SCOPE_NAMES = {0: "global", 200: "site", 253: "link", 254: "host", 255: "nowhere"}

IFNAMSIZ = 16  # names are at most 15 characters

# Sysctls a new namespace starts with (what `sysctl` shows in a fresh `ip netns add`).
DEFAULT_SYSCTLS = {
    **_sysctl.NET_IPV4,
    **{f"net.ipv4.conf.all.{k}": _sysctl.CONF_ALL.get(k, v) for k, v in _sysctl.CONF.items()},
    **{f"net.ipv4.conf.default.{k}": v for k, v in _sysctl.CONF.items()},
    "net.bridge.bridge-nf-call-iptables": "1",
    "net.bridge.bridge-nf-call-arptables": "1",
    "net.ipv6.conf.all.disable_ipv6": "1",
    "net.ipv6.conf.default.disable_ipv6": "1",
}
# Per-device keys under net.ipv4.conf.<dev>. (inherit from "default" when the device appears)
# and net.ipv4.neigh.<dev>. (the ARP table's parameters, copied for each device)
CONF_KEYS = tuple(_sysctl.CONF)
NEIGH_PARMS = _sysctl.NEIGH
_CONF_DEFAULTS = tuple((f".{key}", f"net.ipv4.conf.default.{key}") for key in CONF_KEYS)


class NUD:
    """Neighbour states (include/uapi/linux/neighbour.h)."""
    INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED, NOARP, PERMANENT, NONE = (
        0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x00)
    NAMES = {0x01: "INCOMPLETE", 0x02: "REACHABLE", 0x04: "STALE", 0x08: "DELAY",
             0x10: "PROBE", 0x20: "FAILED", 0x40: "NOARP", 0x80: "PERMANENT", 0x00: "NONE"}
    VALID = 0x02 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80  # NUD_VALID: has a usable lladdr


# ----------------------------------------------------------------------------- devices
class NetDevice:
    """struct net_device: what every device has.  Behaviour lives in netsim/kernel/."""

    kind = "generic"
    link_type = "ether"
    default_mtu = 1500
    min_mtu, max_mtu = 68, 65535       # ETH_MIN_MTU, ETH_MAX_MTU (0: no maximum)
    flag_names = ("BROADCAST", "MULTICAST")

    def __init__(self, ns: "NetNamespace", name: str, ifindex: int, mac: str):
        self.ns = ns
        self.name = name
        self.ifindex = ifindex
        self.mac = mac
        self.mac_set = False           # addr_assign_type == NET_ADDR_SET
        self.mtu = self.default_mtu
        self.admin_up = False          # IFF_UP
        self.master: Bridge | None = None
        self.port: BridgePort | None = None
        # rx_handler slot: called with (dev, frame) by netif_receive_skb; returns True if consumed
        self.rx_handler: Callable | None = None
        self.addrs: list[InetAddr] = []   # in_device->ifa_list, primaries before secondaries
        self.macvlans: list[Macvlan] | tuple = ()   # a list once a macvlan is created on it
        self.ever_up = False           # a qdisc was attached by the first dev_open (noqueue)
        # linkwatch (netsim/kernel/link_watch.py): the carrier bit last notified, dev->operstate
        # as linkwatch last wrote it, and whether the qdisc is activated (dev_activate)
        self.lw_carrier = True
        self.lw_operstate = "UNKNOWN"
        self.qdisc_active = False
        self.fib_linkdown = False      # RTNH_F_LINKDOWN on its nexthops, for stored devices
        self.stats = {"rx_packets": 0, "tx_packets": 0, "rx_bytes": 0, "tx_bytes": 0}
        # flags set or cleared by hand (dev_change_flags(): arp, multicast, dynamic, trailers;
        # promisc and allmulticast as the user's gflags), by IFF name
        self.flags_changed: dict[str, bool] = {}
        self.ifalias: str | None = None
        self.txqlen = 1000

    def iff_flags(self) -> tuple[str, ...]:
        """The IFF_* flags the device has besides UP/RUNNING/LOWER_UP (dev_get_flags())."""
        if not self.flags_changed:
            return self.flag_names
        return tuple(f for f in dict.fromkeys((*self.flag_names, *self.flags_changed))
                     if self.flags_changed.get(f, f in self.flag_names))

    # -- carrier and operstate, as net/core/link_watch.c computes them --------
    def has_carrier(self) -> bool:
        return self.admin_up

    def iflink(self) -> int:
        """dev_get_iflink(): the index of the lower/peer device, or our own index."""
        return self.ifindex

    def nh_linkdown(self) -> bool:
        """RTNH_F_LINKDOWN on the nexthops through this device: set when a route is made
        without carrier and by NETDEV_CHANGE (fib_sync_down_dev / fib_sync_up).  Devices whose
        carrier events linkwatch delays (veth, bridge) keep the flag as last set."""
        return not self.has_carrier()

    def oper_up(self) -> bool:
        return self.operstate() in ("UP", "UNKNOWN")

    def operstate(self) -> str:
        if not self.admin_up:
            return "DOWN"
        if not self.has_carrier():
            iflink = self.iflink()
            if iflink == self.ifindex:
                return "DOWN"
            other = self.ns.devices.get(iflink)
            if other is None or other.oper_up():
                return "DOWN"
            return "LOWERLAYERDOWN"
        return self.carrier_operstate()

    def carrier_operstate(self) -> str:
        return "UP"

    @property
    def running(self) -> bool:
        """netif_running() && netif_carrier_ok(): the device can pass packets."""
        return self.admin_up and self.has_carrier()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.ns.name}/{self.name} #{self.ifindex}>"


class Loopback(NetDevice):
    kind = "loopback"
    link_type = "loopback"
    default_mtu = 65536
    min_mtu, max_mtu = 0, 0            # loopback_setup() sets no limits
    flag_names = ("LOOPBACK",)

    def carrier_operstate(self) -> str:
        return "UNKNOWN"


class Dummy(NetDevice):
    kind = "dummy"
    flag_names = ("BROADCAST", "NOARP")

    def carrier_operstate(self) -> str:
        return "UNKNOWN"


class Veth(NetDevice):
    """drivers/net/veth.c: one end of a pair; carrier is on when both ends are up."""

    kind = "veth"

    def __init__(self, ns, name, ifindex, mac):
        super().__init__(ns, name, ifindex, mac)
        self.peer: Veth | None = None

    def has_carrier(self) -> bool:
        return self.admin_up and self.peer is not None and self.peer.admin_up

    def operstate(self) -> str:
        if not self.admin_up:
            return "DOWN"
        if self.has_carrier():
            return "UP"
        return self.lw_operstate if self.lw_operstate != "UP" else "DOWN"

    def iflink(self) -> int:
        return self.peer.ifindex if self.peer is not None else self.ifindex

    def nh_linkdown(self) -> bool:
        return self.fib_linkdown

    def lower(self) -> NetDevice | None:
        return self.peer


@dataclass(slots=True)
class FdbEntry:
    """struct net_bridge_fdb_entry: MAC -> port, learned (ages) or local (permanent)."""
    mac: str
    port: NetDevice | None        # None: the bridge device itself
    updated: float
    is_local: bool = False        # BR_FDB_LOCAL: the bridge's or a port's own address
    static: bool = False


@dataclass(slots=True)
class BridgePort:
    """struct net_bridge_port: a device enslaved to a bridge."""
    br: "Bridge"
    dev: NetDevice
    port_no: int
    hairpin: bool = False
    learning: bool = True
    flood: bool = True
    priority: int = 32
    cost: int = 2
    set_disabled: bool = False     # ``bridge link set ... state disabled``, until re-enabled

    @property
    def state(self) -> str:
        """STP state without STP: forwarding while the port is up with carrier (unless set to
        disabled by hand), else disabled."""
        if self.set_disabled or not (self.dev.running and self.br.admin_up):
            return "disabled"
        return "forwarding"


class Bridge(NetDevice):
    """net/bridge: a software switch; its MAC follows its lowest port MAC unless set."""

    kind = "bridge"
    ageing_time = 300.0

    def __init__(self, ns, name, ifindex, mac):
        super().__init__(ns, name, ifindex, mac)
        self.ports: dict[int, BridgePort] = {}     # by port device ifindex
        self.fdb: dict[str, FdbEntry] = {}
        self.had_ports = False
        self.mtu_set = False          # BROPT_MTU_SET_BY_USER: the ports' MTUs no longer matter
        self._next_port_no = 1

    def has_carrier(self) -> bool:
        if not self.admin_up:
            return False
        if not self.had_ports:
            return True
        return any(p.state == "forwarding" for p in self.ports.values())

    def operstate(self) -> str:
        # what linkwatch stored: UNKNOWN until the first carrier change has been processed
        return self.lw_operstate if self.admin_up else "DOWN"

    def nh_linkdown(self) -> bool:
        return self.fib_linkdown


class Vxlan(NetDevice):
    """drivers/net/vxlan: an L2 tunnel over UDP; operstate UNKNOWN like other carrier-less devices."""

    kind = "vxlan"
    default_mtu = 1450

    def __init__(self, ns, name, ifindex, mac, vni=0, local=None, remote=None, dstport=4789,
                 lower=None, ttl=None, learning=True):
        super().__init__(ns, name, ifindex, mac)
        # vxlan->net: the namespace it was created in.  Its UDP socket, its underlay route
        # lookups and its lower device stay there when the device moves to another namespace.
        self.net = ns
        self.vni, self.local, self.remote, self.dstport, self.lower_dev = (
            vni, local, remote, dstport, lower)
        self.ttl = ttl                             # outer TTL; None: the route's hop limit (64)
        self.learning = learning                   # VXLAN_F_LEARN: vxlan_snoop() on receive
        self.vxfdb: dict[str, IPv4Address] = {}   # inner MAC -> remote VTEP (learned or added)
        self.vxfdb_static: set[str] = set()        # the MACs of vxfdb added by hand (permanent)

    def carrier_operstate(self) -> str:
        return "UNKNOWN"


class Macvlan(NetDevice):
    """drivers/net/macvlan.c: a child of a lower device with its own MAC; mode bridge."""

    kind = "macvlan"

    def __init__(self, ns, name, ifindex, mac, lower: NetDevice, mode: str = "bridge"):
        super().__init__(ns, name, ifindex, mac)
        self.lower_dev = lower
        self.mode = mode

    def has_carrier(self) -> bool:
        return self.admin_up and self.lower_dev.running

    def operstate(self) -> str:
        # as a veth: what linkwatch stored while it had no carrier (kept when it moves)
        if not self.admin_up:
            return "DOWN"
        if self.has_carrier():
            return "UP"
        return self.lw_operstate if self.lw_operstate != "UP" else "DOWN"

    def iflink(self) -> int:
        return self.lower_dev.ifindex


# ----------------------------------------------------------------------------- addresses
@dataclass(slots=True)
class InetAddr:
    """struct in_ifaddr: one IPv4 address on a device."""
    local: IPv4Address
    prefixlen: int
    dev: NetDevice
    label: str
    scope: int = SCOPE_UNIVERSE
    broadcast: IPv4Address | None = None
    secondary: bool = False
    noprefixroute: bool = False

    @property
    def mask(self) -> int:
        return (0xFFFFFFFF << (32 - self.prefixlen)) & 0xFFFFFFFF

    @property
    def network(self) -> int:
        return int(self.local) & self.mask

    def same_subnet(self, addr: int) -> bool:
        return (addr & self.mask) == self.network

    @property
    def ifa_flags(self) -> int:
        """IFA_F_*: secondary, noprefixroute, and permanent (no lifetimes here)."""
        return 0x80 | (0x01 if self.secondary else 0) | (0x200 if self.noprefixroute else 0)


# ----------------------------------------------------------------------------- routing
ROUTE_TYPES = ("unicast", "local", "broadcast", "multicast", "blackhole", "unreachable",
               "prohibit", "throw", "nat", "anycast")


@dataclass(slots=True)
class Route:
    """struct fib_alias + struct fib_info + one fib_nh: a route in a table."""
    dst: int                      # network address as an int
    plen: int
    table: int = RT_TABLE_MAIN
    type: str = "unicast"
    dev: NetDevice | None = None
    gateway: IPv4Address | None = None
    metric: int = 0
    prefsrc: IPv4Address | None = None
    scope: int = SCOPE_UNIVERSE
    proto: str = "boot"
    onlink: bool = False
    tos: int = 0
    metrics: tuple = ()           # fib_metrics: ((RTAX name, value, locked), ...)
    nh_scope: int = SCOPE_LINK    # fib_nh_scope: host when the gateway is one of our addresses
    # fib_nh->nh_exceptions: daddr -> FibNhException; one dict per fib_info, so routes that
    # share a fib_info (fib_find_info: same table, type, nexthop, metric...) share it too
    nh_exceptions: dict | None = field(default=None, compare=False, repr=False)

    @property
    def dst_str(self) -> str:
        if self.plen == 0 and self.dst == 0:
            return "default"
        a = str(IPv4Address(self.dst))
        return a if self.plen == 32 else f"{a}/{self.plen}"

    def matches(self, addr: int) -> bool:
        return self.plen == 0 or (addr >> (32 - self.plen)) == (self.dst >> (32 - self.plen))

    @property
    def uses_gateway(self) -> bool:
        """The gateway is really used (rt_uses_gateway): not a local address of ours."""
        return self.gateway is not None and self.nh_scope == SCOPE_LINK


@dataclass(slots=True)
class FibNhException:
    """struct fib_nh_exception: what the host learned about one destination reached through a
    nexthop -- here the gateway an ICMP redirect gave it, until ``expires`` (clock seconds)."""
    daddr: int
    gw: IPv4Address
    expires: float
    bound: bool = False          # fnhe_rth_output/input: a route lookup has gone through it


class FibTable:
    """struct fib_table.  Routes are kept in one dict keyed by (prefix, length), so a lookup costs
    at most 33 dict probes whatever the number of routes (the kernel's LC-trie is O(32) as well).
    One flat dict (rather than one per prefix length) keeps a namespace's tables small: a
    10,000-container build makes fewer objects for the garbage collector to walk."""

    def __init__(self, tb_id: int):
        self.id = tb_id
        # (network << 6 | plen) -> [routes sorted by (tos, metric) in insertion order]
        self._routes: dict[int, list[Route]] = {}
        self._plen_count: dict[int, int] = {}   # prefix length -> number of prefixes
        self._plens: tuple[int, ...] = ()  # prefix lengths present, longest first (a tuple of
        #                                    ints: the garbage collector stops tracking it)

    def __len__(self) -> int:
        return sum(len(v) for v in self._routes.values())

    def aliases(self, dst: int, plen: int) -> list[Route]:
        return self._routes.get((dst << 6) | plen, [])

    def insert(self, route: Route, append: bool = False) -> None:
        key = (route.dst << 6) | route.plen
        lst = self._routes.get(key)
        if lst is None:
            lst = self._routes[key] = []
            count = self._plen_count.get(route.plen, 0)
            self._plen_count[route.plen] = count + 1
            if not count:
                self._plens = tuple(sorted(self._plen_count, reverse=True))
        # fib_find_alias: new alias goes before the first with a higher (tos, priority);
        # with NLM_F_APPEND after the last with the same key
        pos = len(lst)
        for i, r in enumerate(lst):
            if (r.tos, r.metric) > (route.tos, route.metric) or (
                    not append and (r.tos, r.metric) == (route.tos, route.metric)):
                pos = i
                break
        lst.insert(pos, route)

    def remove(self, route: Route) -> None:
        key = (route.dst << 6) | route.plen
        lst = self._routes[key]
        lst.remove(route)
        if not lst:
            del self._routes[key]
            count = self._plen_count.pop(route.plen) - 1
            if count:
                self._plen_count[route.plen] = count
            else:
                self._plens = tuple(sorted(self._plen_count, reverse=True))

    def routes(self) -> list[Route]:
        """All routes in dump order: the trie walks keys in address order, and one key's leaf
        holds its prefixes longest first (fib_insert_alias sorts a leaf by suffix length)."""
        out = []
        for lst in self._routes.values():
            out.extend(lst)
        out.sort(key=lambda r: (r.dst, -r.plen))
        return out

    def candidates(self, addr: int):
        """Yield (plen, routes) for every prefix that covers ``addr``, longest first."""
        routes = self._routes
        for plen in self._plens:
            key = ((addr >> (32 - plen)) << (38 - plen) | plen) if plen else 0
            lst = routes.get(key)
            if lst:
                yield plen, lst


@dataclass(slots=True)
class FibRule:
    """struct fib_rule: ``PRIO: from SRC to DST lookup TABLE``."""
    priority: int
    table: int
    src: int = 0
    src_len: int = 0
    dst: int = 0
    dst_len: int = 0
    iif: str | None = None
    oif: str | None = None
    action: str = "lookup"        # lookup | blackhole | unreachable | prohibit
    not_: bool = False

    def matches(self, saddr: int, daddr: int, iif: str | None, oif: str | None) -> bool:
        if self.src_len and (saddr >> (32 - self.src_len)) != (self.src >> (32 - self.src_len)):
            return self.not_
        if self.dst_len and (daddr >> (32 - self.dst_len)) != (self.dst >> (32 - self.dst_len)):
            return self.not_
        if self.iif is not None and self.iif != iif:
            return self.not_
        if self.oif is not None and self.oif != oif:
            return self.not_
        return not self.not_


# ----------------------------------------------------------------------------- neighbours
@dataclass(slots=True, eq=False)
class Neighbour:
    """struct neighbour: one ARP cache entry."""
    ip: IPv4Address
    dev: NetDevice
    state: int = NUD.NONE
    lladdr: str | None = None
    probes: int = 0
    updated: float = 0.0
    confirmed: float = 0.0
    queue: list = field(default_factory=list)   # arp_queue: skbs waiting for resolution
    timer: object = None
    router: bool = False
    is_proxy: bool = False


@dataclass(slots=True)
class InetPeer:
    """struct inet_peer: what a router remembers about one source host, here the redirect
    rate limit of ip_rt_send_redirect()."""
    n_redirects: int = 0
    rate_last: float = float("-inf")


# ----------------------------------------------------------------------------- namespaces
class NetNamespace:
    """struct net: one network stack."""

    def __init__(self, kernel: "Kernel", name: str):
        self.kernel = kernel
        self.name = name
        self.devices: dict[int, NetDevice] = {}       # by ifindex
        self.by_name: dict[str, NetDevice] = {}
        self._ifindex = 0                              # net->ifindex: last allocated
        self.sysctl: dict[str, str] = dict(DEFAULT_SYSCTLS)
        # ipv4_devconf.state: the conf keys written by hand, per conf name ("default", a device)
        self.conf_state: dict[str, set[str]] = {"default": set(), "all": set()}
        self.tables: dict[int, FibTable] = {RT_TABLE_MAIN: FibTable(RT_TABLE_MAIN),
                                            RT_TABLE_DEFAULT: FibTable(RT_TABLE_DEFAULT)}
        self.rules: list[FibRule] = [FibRule(0, RT_TABLE_LOCAL), FibRule(32766, RT_TABLE_MAIN),
                                     FibRule(32767, RT_TABLE_DEFAULT)]
        self.neigh: dict[tuple[int, int], Neighbour] = {}   # (ifindex, ip int) -> entry
        self.local_addrs: dict[int, InetAddr] = {}           # ip int -> address (inet_addr_lst)
        self.fib_has_custom_rules = False        # a rule was ever added (sticky, as in struct net)
        self.fib_has_custom_local_routes = False  # a user route of type local was ever added
        self.fnhe_tables: dict = {}    # fib_info key -> the nh_exceptions its routes share
        self.inet_peers: dict[int, InetPeer] = {}            # net->ipv4.peers: by host address
        self.nsids: dict[int, int] = {}                      # id(other ns) -> nsid
        self.netfilter = None        # netsim.kernel.netfilter.Netfilter, made on first use
        self.conntrack = None        # netsim.kernel.conntrack table, made on first use
        self.kernel_log: list = []   # (time, level, text): this namespace's printk ring (dmesg)
        self.sockets: dict = {}      # (proto, port) -> listening socket / responder
        self.port_rover = 0          # ephemeral port allocation (inet_hash_connect's table_perturb)
        self.ip_id = 0

    # ifindex allocation: cyclic, like dev_index_reserve() with xa_alloc_cyclic
    def alloc_ifindex(self, wanted: int | None = None) -> int:
        if wanted and wanted not in self.devices:
            return wanted
        idx = self._ifindex
        while True:
            idx = idx + 1 if idx < 0x7FFFFFFF else 1
            if idx not in self.devices:
                self._ifindex = idx
                return idx

    def register(self, dev: NetDevice) -> None:
        self.devices[dev.ifindex] = dev
        self.by_name[dev.name] = dev
        sysctl, prefix = self.sysctl, f"net.ipv4.conf.{dev.name}"
        for suffix, default in _CONF_DEFAULTS:
            sysctl.setdefault(prefix + suffix, sysctl.get(default, "0"))
        if dev.kind == "loopback":
            for key, v in _sysctl.CONF_LO.items():
                sysctl[f"{prefix}.{key}"] = v
        for key, v in NEIGH_PARMS.items():
            sysctl.setdefault(f"net.ipv4.neigh.{dev.name}.{key}", v)
        # inetdev_init() copies devconf_dflt whole, its state bitmap included
        self.conf_state.setdefault(dev.name, set(self.conf_state["default"]))

    def unregister(self, dev: NetDevice) -> None:
        del self.devices[dev.ifindex]
        del self.by_name[dev.name]
        for key in CONF_KEYS:
            self.sysctl.pop(f"net.ipv4.conf.{dev.name}.{key}", None)
        for key in NEIGH_PARMS:
            self.sysctl.pop(f"net.ipv4.neigh.{dev.name}.{key}", None)
        self.conf_state.pop(dev.name, None)

    def nsid_of(self, other: "NetNamespace") -> int:
        """peernet2id_alloc(): the id under which this namespace knows ``other``."""
        key = id(other)
        if key not in self.nsids:
            self.nsids[key] = len(self.nsids)
        return self.nsids[key]

    def table(self, tb_id: int, create: bool = False) -> FibTable | None:
        t = self.tables.get(tb_id)
        if t is None and create:
            # fib_table_hash: dumps (``ip route show table all``) walk the tables in the order
            # of their hash bucket, tb_id & 255 (table 100 before main 254 and local 255), the
            # newest first in a bucket (hlist_add_head)
            t = FibTable(tb_id)
            self.tables = dict(sorted([(tb_id, t), *self.tables.items()],
                                      key=lambda kv: kv[0] & 0xFF))
        return t

    def conf(self, dev: NetDevice | None, key: str) -> int:
        """IN_DEV_CONF_GET for a device, falling back to 'all'."""
        if dev is not None:
            v = self.sysctl.get(f"net.ipv4.conf.{dev.name}.{key}")
            if v is not None:
                return int(v)
        return int(self.sysctl.get(f"net.ipv4.conf.all.{key}", "0"))

    def forwarding(self, dev: NetDevice) -> bool:
        return self.conf(dev, "forwarding") == 1

    def rp_filter(self, dev: NetDevice) -> int:
        """IN_DEV_RPFILTER: the larger of conf/all and conf/<dev>."""
        return max(int(self.sysctl.get("net.ipv4.conf.all.rp_filter", "0")),
                   int(self.sysctl.get(f"net.ipv4.conf.{dev.name}.rp_filter", "0")))

    def primary_addr(self, dev: NetDevice, scope_max: int = SCOPE_LINK) -> InetAddr | None:
        for a in dev.addrs:
            if not a.secondary and a.scope <= scope_max:
                return a
        return None

    def __repr__(self) -> str:
        return f"<NetNamespace {self.name}>"


class Kernel:
    """The simulated machine: a clock, a seeded RNG, and named namespaces."""

    def __init__(self, seed: int = 0):
        self.clock = Clock()
        self.rng = random.Random(seed)
        self.namespaces: dict[str, NetNamespace] = {}
        self.tracer = None            # a netsim.trace.Tracer while a probe is traced
        # linkwatch (net/core/link_watch.c): devices with a pending event (in firing order),
        # linkwatch_nextevent (the rate limit), the delayed work, and work due right now
        self.lw_pending: dict[NetDevice, bool] = {}
        self.lw_nextevent = float("-inf")
        self.lw_timer = None
        self.lw_run_now = False
        self.lw_depth = 0             # nesting of rtnetlink link operations in progress

    def random_mac(self) -> str:
        """eth_random_addr(): random, unicast, locally administered; reproducible under the seed."""
        bits = self.rng.getrandbits
        b = bytes((((bits(8) & 0xFE) | 0x02), bits(8), bits(8), bits(8), bits(8), bits(8)))
        return b.hex(":")


# ----------------------------------------------------------------------------- packets in flight
class SkBuff:
    """struct sk_buff: a packet value (immutable) plus the kernel's mutable metadata about it."""

    __slots__ = ("pkt", "dev", "id", "pkt_type", "ct", "ct_reply", "nat_done", "sock", "iif",
                 "bridged_in", "mark", "local_out", "ctinfo", "nf_bridge", "bridged_dnat",
                 "mac_header", "rt_type")

    _next_id = 0

    def __init__(self, pkt, dev: NetDevice | None = None, id: int | None = None):
        self.pkt = pkt
        self.dev = dev
        if id is None:
            SkBuff._next_id += 1
            id = SkBuff._next_id
        self.id = id
        self.pkt_type = "host"       # PACKET_HOST / BROADCAST / MULTICAST / OTHERHOST
        self.ct = None               # conntrack entry
        self.ct_reply = False        # the packet goes in the reply direction
        self.nat_done = False
        self.sock = None             # the local socket that sent it
        self.iif = None              # input device (for forwarded / locally received)
        self.bridged_in = None       # bridge port it entered through (br_netfilter)
        self.mark = 0
        self.local_out = False
        self.ctinfo = None           # NEW / ESTABLISHED / RELATED / INVALID (enum ip_conntrack_info)
        self.nf_bridge = None        # br_netfilter progress of a bridged frame (skb->nf_bridge)
        self.bridged_dnat = None     # (source MAC, input port) while a DNAT MAC is resolved
        self.mac_header = None       # (dst, src, EtherType) of the frame it arrived in
        self.rt_type = None          # skb_rtable(skb)->rt_type of a received packet (local...)

    def clone(self, pkt=None) -> "SkBuff":
        c = SkBuff(self.pkt if pkt is None else pkt, self.dev, self.id)
        c.pkt_type, c.ct, c.ct_reply, c.sock, c.iif = (self.pkt_type, self.ct, self.ct_reply,
                                                       self.sock, self.iif)
        c.mark, c.local_out, c.nat_done = self.mark, self.local_out, self.nat_done
        c.ctinfo, c.nf_bridge, c.mac_header = self.ctinfo, self.nf_bridge, self.mac_header
        c.rt_type = self.rt_type
        return c
