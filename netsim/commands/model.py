"""Typed commands: every state change the command layer makes, as a frozen value (STYLE 13).

``parse("ip link add v0 type veth peer name v1")`` (:mod:`netsim.commands.parser`) returns
``LinkAdd(name="v0", kind=Veth(peer="v1"))``; a backend executes it with ``apply(cmd)``
(:mod:`netsim.backends`), and ``str(cmd)`` prints it back in canonical iproute2 syntax::

    >>> from ipaddress import IPv4Address
    >>> str(RouteAdd(ns="c1", dst=IPv4Address("10.0.0.0"), plen=24,
    ...              via=IPv4Address("10.0.0.1"), dev="eth0", metric=5))
    'ip -n c1 route add 10.0.0.0/24 via 10.0.0.1 dev eth0 metric 5'

Conventions, the same in every class:

* ``ns`` is the namespace's name as the user typed it; ``None`` means the backend's default
  namespace (the lab's own "root" namespace).  Device fields (``dev``, ``master``, ``link``,
  ``iif`` ...) are device *names* in that namespace, never objects: a command is a request,
  resolved by the backend that executes it.
* Addresses are :class:`ipaddress.IPv4Address`, prefix lengths ``int``, MACs lowercase
  ``"aa:bb:cc:dd:ee:ff"`` strings.
* A field left ``None`` was not given on the command line: the backend (like the kernel) picks
  the default.  Where iproute2 itself fills in a default before sending the request (route
  table, scope and protocol), the ``effective_*`` methods compute it, so every backend sends
  the same netlink message ``ip`` would.

Only ``RouteGet`` is a query; every other class changes state.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from ipaddress import IPv4Address

__all__ = [
    "Command", "NetnsAdd", "NetnsDel",
    "LinkKind", "Veth", "Bridge", "Dummy", "Vxlan", "Macvlan", "OtherKind",
    "LinkAdd", "LinkDel", "LinkSet",
    "AddrAdd", "AddrDel", "AddrFlush", "AddrSelect", "IFA_FLAGS",
    "RouteAdd", "RouteDel", "RouteFlush", "RouteGet",
    "RuleAdd", "RuleDel",
    "NeighAdd", "NeighDel", "NeighFlush",
    "FdbAdd", "FdbDel",
    "SysctlSet",
    "SCOPES", "TABLES", "ROUTE_TYPES", "NUD_STATES", "normalize_mac",
]

# iproute2's names for numbers (etc/iproute2/rt_scopes, rt_tables; rtnetlink.h)
SCOPES = {"global": 0, "site": 200, "link": 253, "host": 254, "nowhere": 255}
SCOPE_ALIASES = {"universe": 0}
TABLES = {"default": 253, "main": 254, "local": 255}
# iproute2's rtnl_rtprot_tab: a protocol given by number is held (and shown) by its name
RT_PROTO_NAMES = {str(n): name for name, n in (
    ("redirect", 1), ("kernel", 2), ("boot", 3), ("static", 4), ("gated", 8), ("ra", 9),
    ("mrt", 10), ("zebra", 11), ("bird", 12), ("dnrouted", 13), ("xorp", 14), ("ntk", 15),
    ("dhcp", 16), ("mrouted", 17), ("keepalived", 18), ("babel", 42), ("openr", 99),
    ("bgp", 186), ("isis", 187), ("ospf", 188), ("rip", 189), ("eigrp", 192))}


def _proto_name(cmd) -> None:
    if cmd.proto in RT_PROTO_NAMES:
        object.__setattr__(cmd, "proto", RT_PROTO_NAMES[cmd.proto])


# route metrics (RTAX_*) iproute2 takes as plain numbers, in the order it prints them
RTAX_NAMES = ("mtu", "window", "ssthresh", "cwnd", "advmss", "reordering", "hoplimit",
              "initcwnd", "initrwnd")
ROUTE_TYPES = ("unicast", "local", "broadcast", "multicast", "blackhole", "unreachable",
               "prohibit", "throw", "nat", "anycast")
NUD_STATES = ("permanent", "noarp", "reachable", "stale", "none", "incomplete", "delay",
              "probe", "failed")
# include/uapi/linux/neighbour.h
NUD_BITS = {"incomplete": 0x01, "reachable": 0x02, "stale": 0x04, "delay": 0x08, "probe": 0x10,
            "failed": 0x20, "noarp": 0x40, "permanent": 0x80, "none": 0x00}
RT_TABLE_MAIN, RT_TABLE_LOCAL = 254, 255
RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST, RT_SCOPE_NOWHERE = 0, 253, 254, 255

_MAC_RE = re.compile(r"^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$")


def normalize_mac(mac: str) -> str:
    """``"0A:b:0:0:0:1"`` -> ``"0a:0b:00:00:00:01"``; ValueError if it is not a MAC."""
    if not isinstance(mac, str) or not _MAC_RE.match(mac):
        raise ValueError(f"not a MAC address: {mac!r}")
    return ":".join(f"{int(x, 16):02x}" for x in mac.split(":"))


def _name(value: int, names: dict[str, int]) -> str:
    return next((k for k, v in names.items() if v == value), str(value))


def _ip(ns: str | None, tool: str = "ip") -> str:
    return tool if ns is None else f"{tool} -n {ns}"


def _prefix(addr: IPv4Address, plen: int) -> str:
    return "default" if plen == 0 and int(addr) == 0 else f"{addr}/{plen}"


def _opt(words: list[str], key: str, value) -> None:
    if value is not None:
        words += [key, str(value)]


def _check_plen(plen, what: str = "prefix length") -> None:
    if plen is not None and not (isinstance(plen, int) and 0 <= plen <= 32):
        raise ValueError(f"{what} must be 0..32, not {plen!r}")


def _set_mac(obj, field: str) -> None:
    value = getattr(obj, field)
    if value is not None:
        object.__setattr__(obj, field, normalize_mac(value))


_frozen = dataclass(frozen=True, slots=True, kw_only=True)


# ============================================================================ namespaces
@_frozen
class NetnsAdd:
    """``ip netns add NAME``: a new namespace with only ``lo`` (down)."""
    name: str

    def __str__(self) -> str:
        return f"ip netns add {self.name}"


@_frozen
class NetnsDel:
    """``ip netns del NAME``: the namespace and every device in it go away."""
    name: str

    def __str__(self) -> str:
        return f"ip netns del {self.name}"


# ============================================================================ link kinds
@_frozen
class Veth:
    """``type veth peer name PEER [address MAC] [mtu N] [netns NS]``; no peer name: the kernel
    picks."""
    peer: str | None = None
    peer_ns: str | None = None
    peer_mac: str | None = None
    peer_mtu: int | None = None

    def __post_init__(self):
        _set_mac(self, "peer_mac")

    def words(self) -> list[str]:
        w = ["veth"]
        if any(v is not None for v in (self.peer, self.peer_ns, self.peer_mac, self.peer_mtu)):
            w.append("peer")
        _opt(w, "name", self.peer)
        _opt(w, "address", self.peer_mac)
        _opt(w, "mtu", self.peer_mtu)
        _opt(w, "netns", self.peer_ns)
        return w


@_frozen
class Bridge:
    """``type bridge``: a software switch."""

    def words(self) -> list[str]:
        return ["bridge"]


@_frozen
class Dummy:
    """``type dummy``: a device that drops everything it sends."""

    def words(self) -> list[str]:
        return ["dummy"]


@_frozen
class Vxlan:
    """``type vxlan id VNI [local A] [remote A] [dstport N] [dev LOWER] [ttl N] [nolearning]``;
    ``dstport`` None: not given (the kernel's default port, 8472)."""
    vni: int
    local: IPv4Address | None = None
    remote: IPv4Address | None = None
    dstport: int | None = None
    dev: str | None = None
    ttl: int | None = None
    learning: bool = True

    def __post_init__(self):
        if self.local is not None and self.local.is_multicast:
            raise ValueError("a vxlan's local address cannot be multicast")
        if self.remote is not None and self.remote.is_multicast and self.dev is None:
            raise ValueError("a vxlan group (multicast remote) needs dev")

    def words(self) -> list[str]:
        w = ["vxlan", "id", str(self.vni)]
        _opt(w, "local", self.local)
        # vxlan_parse_opt(): a multicast destination is a "group", a unicast one a "remote"
        _opt(w, "group" if self.remote is not None and self.remote.is_multicast else "remote",
             self.remote)
        _opt(w, "dstport", self.dstport)
        _opt(w, "dev", self.dev)
        _opt(w, "ttl", self.ttl)
        if not self.learning:
            w.append("nolearning")
        return w


@_frozen
class Macvlan:
    """``type macvlan [mode private|vepa|bridge|passthru|source]`` (needs ``link LOWER``)."""
    mode: str | None = None

    def words(self) -> list[str]:
        w = ["macvlan"]
        _opt(w, "mode", self.mode)
        return w


@_frozen
class OtherKind:
    """``type KIND`` for a kind iproute2 has no options for: sent to the kernel as is
    (which answers "Unknown device type." if it has no such driver)."""
    kind: str

    def words(self) -> list[str]:
        return [self.kind]


LinkKind = Veth | Bridge | Dummy | Vxlan | Macvlan | OtherKind


# ============================================================================ links
@_frozen
class LinkAdd:
    """``ip link add [NAME] [address MAC] [mtu N] [link LOWER] type KIND ...``; ``name`` None:
    the kernel picks the first free ``KIND%d`` (dev_alloc_name; a veth's peer is named first)."""
    kind: LinkKind
    name: str | None = None
    ns: str | None = None
    mac: str | None = None
    mtu: int | None = None
    link: str | None = None
    txqlen: int | None = None
    up: bool = False                   # IFF_UP in the request: opened once registered

    def __post_init__(self):
        _set_mac(self, "mac")

    def __str__(self) -> str:
        w = [_ip(self.ns), "link", "add"]
        if self.name is not None:
            w.append(self.name)
        if self.up:
            w.append("up")
        _opt(w, "address", self.mac)
        _opt(w, "mtu", self.mtu)
        _opt(w, "link", self.link)
        _opt(w, "txqueuelen", self.txqlen)
        return " ".join(w + ["type"] + self.kind.words())


@_frozen
class LinkDel:
    """``ip link del DEV`` (a veth takes its peer with it)."""
    dev: str
    ns: str | None = None

    def __str__(self) -> str:
        return f"{_ip(self.ns)} link del {self.dev}"


# ip link set's on/off words for IFF_* flags: (word, inverted)
_FLAG_WORDS = {"MULTICAST": ("multicast", False), "ALLMULTI": ("allmulticast", False),
               "PROMISC": ("promisc", False), "NOTRAILERS": ("trailers", True),
               "NOARP": ("arp", True), "DYNAMIC": ("dynamic", False)}
IFF_BY_WORD = {word: (flag, inv) for flag, (word, inv) in _FLAG_WORDS.items()}


# /etc/iproute2/rt_protos (iproute2 6.1): the protocol names rtnl_rtprot_a2n() knows
RT_PROTOS = {"unspec": 0, "redirect": 1, "kernel": 2, "boot": 3, "static": 4, "gated": 8,
             "ra": 9, "mrt": 10, "zebra": 11, "bird": 12, "dnrouted": 13, "xorp": 14, "ntk": 15,
             "dhcp": 16, "keepalived": 18, "babel": 42, "openr": 99, "bgp": 186, "isis": 187,
             "ospf": 188, "rip": 189, "eigrp": 192}


@_frozen
class LinkSet:
    """``ip link set DEV ...``; the kernel applies the attributes in do_setlink()'s order:
    netns, address, mtu, master/nomaster, name, then up/down (bridge port flags last).
    ``name`` is the new name; ``up`` True/False is ``up``/``down``, None leaves it."""
    dev: str
    ns: str | None = None
    netns: str | None = None
    address: str | None = None
    mtu: int | None = None
    master: str | None = None
    nomaster: bool = False
    name: str | None = None
    up: bool | None = None
    hairpin: bool | None = None
    learning: bool | None = None
    flags: tuple = ()                  # ((IFF name, on), ...): promisc, arp (NOARP) ...
    alias: str | None = None           # "" removes it
    txqlen: int | None = None
    cost: int | None = None            # bridge port path cost (1..65535)
    priority: int | None = None        # bridge port priority (0..63)
    stp_state: int | None = None       # BR_STATE_* (0 disabled .. 4 blocking)

    def __post_init__(self):
        _set_mac(self, "address")
        if self.name == self.dev:          # iplink_parse(): "Not renaming to the same name"
            object.__setattr__(self, "name", None)

    def __str__(self) -> str:
        w = [_ip(self.ns), "link", "set", "dev", self.dev]
        if self.up is not None:
            w.append("up" if self.up else "down")
        _opt(w, "netns", self.netns)
        _opt(w, "address", self.address)
        _opt(w, "mtu", self.mtu)
        _opt(w, "master", self.master)
        if self.nomaster:
            w.append("nomaster")
        _opt(w, "name", self.name)
        for flag, on in self.flags:
            key, inverted = _FLAG_WORDS[flag]
            w += [key, "on" if on != inverted else "off"]
        if self.alias is not None:
            w += ["alias", self.alias or '""']
        _opt(w, "txqueuelen", self.txqlen)
        port = ("hairpin", "learning", "cost", "priority", "stp_state")
        if any(getattr(self, key) is not None for key in port):
            w += ["type", "bridge_slave"]
            for key in port:
                v = getattr(self, key)
                if isinstance(v, bool):
                    w += [key, "on" if v else "off"]
                elif v is not None:
                    w += ["state" if key == "stp_state" else key, str(v)]
        return " ".join(w)


# ============================================================================ addresses
@_frozen
class AddrAdd:
    """``ip addr add|replace|change LOCAL/PLEN dev DEV [broadcast A] [scope S] [label L]
    [noprefixroute]``."""
    dev: str
    local: IPv4Address
    prefixlen: int = 32
    ns: str | None = None
    mode: str = "add"                  # add | replace | change
    broadcast: IPv4Address | None = None
    scope: int | None = None           # None: host for 127/8, else global (the kernel decides)
    label: str | None = None
    noprefixroute: bool = False

    def __post_init__(self):
        _check_plen(self.prefixlen)
        if self.mode not in ("add", "replace", "change"):
            raise ValueError(f"mode must be add, replace or change, not {self.mode!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "address", self.mode, f"{self.local}/{self.prefixlen}"]
        _opt(w, "broadcast", self.broadcast)
        if self.scope is not None:
            w += ["scope", _name(self.scope, SCOPES)]
        _opt(w, "label", self.label)
        if self.noprefixroute:
            w.append("noprefixroute")
        return " ".join(w + ["dev", self.dev])


@_frozen
class AddrDel:
    """``ip addr del LOCAL[/PLEN] dev DEV``; without a length the first match goes."""
    dev: str
    local: IPv4Address
    prefixlen: int | None = None
    ns: str | None = None
    label: str | None = None            # only an address with this label

    def __post_init__(self):
        _check_plen(self.prefixlen)

    def __str__(self) -> str:
        a = str(self.local) if self.prefixlen is None else f"{self.local}/{self.prefixlen}"
        w = [_ip(self.ns), "address", "del", a, "dev", self.dev]
        _opt(w, "label", self.label)
        return " ".join(w)


# IFA_F_* (include/uapi/linux/if_addr.h) by iproute2's names for them (ifa_flag_data[])
IFA_FLAGS = {"secondary": 0x01, "temporary": 0x01, "nodad": 0x02, "optimistic": 0x04,
             "dadfailed": 0x08, "home": 0x10, "deprecated": 0x20, "tentative": 0x40,
             "permanent": 0x80, "mngtmpaddr": 0x100, "noprefixroute": 0x200, "autojoin": 0x400,
             "stable-privacy": 0x800}
IFA_F_SECONDARY, IFA_F_PERMANENT, IFA_F_NOPREFIXROUTE = 0x01, 0x80, 0x200


@_frozen
class AddrSelect:
    """The address selectors of ``ip addr show|flush`` (ipaddr_list_flush_or_save()):
    ``to PREFIX``, ``scope S`` (None: any, as ``scope all``), the IFA_F_* flags in ``flags``
    under ``flagmask`` (``secondary``, ``primary`` = not secondary, ``permanent``, ``dynamic``
    = not permanent, ``-FLAG`` = not FLAG), ``label GLOB``."""
    to: str | None = None                 # "A.B.C.D/N"
    scope: int | None = None
    flags: int = 0
    flagmask: int = 0
    label: str | None = None

    def __bool__(self) -> bool:
        return self.to is not None or self.scope is not None or self.flagmask != 0 \
            or self.label is not None

    def selects(self, local, scope: int, ifa_flags: int, label: str) -> bool:
        """ipaddr_filter()/print_addrinfo(): does one IPv4 address pass every selector?"""
        if self.scope is not None and scope != self.scope:
            return False
        if (self.flags ^ ifa_flags) & self.flagmask:
            return False
        if self.label is not None and not fnmatch.fnmatchcase(label, self.label):
            return False
        if self.to is not None:
            net, _, plen = self.to.partition("/")
            bits = int(plen or 32)
            if bits and (int(IPv4Address(str(local))) ^ int(IPv4Address(net))) >> (32 - bits):
                return False
        return True

    def words(self) -> list[str]:
        w: list[str] = []
        _opt(w, "to", self.to)
        if self.scope is not None:
            w += ["scope", _name(self.scope, SCOPES)]
        seen = 0
        for name, bit in IFA_FLAGS.items():
            if self.flagmask & bit and not seen & bit:
                seen |= bit
                if bit == IFA_F_SECONDARY and not self.flags & bit:
                    w.append("primary")
                elif bit == IFA_F_PERMANENT and not self.flags & bit:
                    w.append("dynamic")
                else:
                    w.append(name if self.flags & bit else "-" + name)
        _opt(w, "label", self.label)
        return w


@_frozen
class AddrFlush:
    """``ip addr flush [dev DEV] [SELECTORS]``: every address that passes, in rounds (a
    deleted primary takes its secondaries along, or promotes one)."""
    dev: str | None = None
    ns: str | None = None
    select: AddrSelect = AddrSelect()

    def __str__(self) -> str:
        w = [_ip(self.ns), "address", "flush"]
        _opt(w, "dev", self.dev)
        return " ".join(w + self.select.words())


# ============================================================================ routes
def _route_words(r, w: list[str], default_type: str | None) -> list[str]:
    if r.type != default_type:
        w.append(r.type)
    w.append(_prefix(r.dst, r.plen))
    if r.tos:
        w += ["tos", str(r.tos)]
    if r.table is not None:
        w += ["table", _name(r.table, TABLES)]
    _opt(w, "via", r.via)
    _opt(w, "dev", r.dev)
    if r.onlink:
        w.append("onlink")
    _opt(w, "src", r.src)
    _opt(w, "metric", r.metric)
    if r.scope is not None:
        w += ["scope", _name(r.scope, SCOPES)]
    _opt(w, "proto", r.proto)
    for name, value, lock in getattr(r, "metrics", ()):
        w += [name, "lock", str(value)] if lock else [name, str(value)]
    return w


@_frozen
class RouteAdd:
    """``ip route add|replace|change|append|prepend [TYPE] DST/PLEN [table T] [via GW]
    [dev DEV] [onlink] [src A] [metric N] [scope S] [proto P]``."""
    dst: IPv4Address
    plen: int
    ns: str | None = None
    mode: str = "add"                  # add | replace | change | append | prepend
    type: str = "unicast"
    table: int | None = None
    via: IPv4Address | None = None
    dev: str | None = None
    onlink: bool = False
    src: IPv4Address | None = None
    metric: int | None = None
    scope: int | None = None
    proto: str | None = None
    tos: int = 0
    metrics: tuple = ()                # RTA_METRICS: ((name, value, locked), ...), RTAX order

    def __post_init__(self):
        _check_plen(self.plen)
        _proto_name(self)
        for name, _value, _lock in self.metrics:
            if name not in RTAX_NAMES:
                raise ValueError(f"unknown route metric {name!r}")
        if self.mode not in ("add", "replace", "change", "append", "prepend"):
            raise ValueError(f"unknown route mode {self.mode!r}")
        if self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def effective_table(self) -> int:
        """iproute2: local, broadcast, nat and anycast routes go to table local, others main."""
        if self.table is not None:
            return self.table
        return RT_TABLE_LOCAL if self.type in ("local", "broadcast", "nat", "anycast") \
            else RT_TABLE_MAIN

    def effective_scope(self) -> int:
        """iproute2's default scope: host for local/nat, link for broadcast/multicast/anycast
        and for a unicast route without a gateway, else universe."""
        if self.scope is not None:
            return self.scope
        if self.type in ("local", "nat"):
            return RT_SCOPE_HOST
        if self.type in ("broadcast", "multicast", "anycast"):
            return RT_SCOPE_LINK
        if self.type == "unicast" and self.via is None:
            return RT_SCOPE_LINK
        return RT_SCOPE_UNIVERSE

    def effective_proto(self) -> str:
        """iproute2 marks routes it adds ``proto boot`` unless told otherwise."""
        return self.proto if self.proto is not None else "boot"

    def __str__(self) -> str:
        return " ".join(_route_words(self, [_ip(self.ns), "route", self.mode], "unicast"))


@_frozen
class RouteDel:
    """``ip route del [TYPE] DST/PLEN [table T] [via GW] [dev DEV] ...``: the first route
    matching every field given (None matches anything)."""
    dst: IPv4Address
    plen: int
    ns: str | None = None
    type: str | None = None
    table: int | None = None
    via: IPv4Address | None = None
    dev: str | None = None
    onlink: bool = False
    src: IPv4Address | None = None
    metric: int | None = None
    scope: int | None = None
    proto: str | None = None
    tos: int = 0

    def __post_init__(self):
        _proto_name(self)
        _check_plen(self.plen)
        if self.type is not None and self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def effective_table(self) -> int:
        return self.table if self.table is not None else RT_TABLE_MAIN

    def effective_scope(self) -> int:
        """iproute2 sends RT_SCOPE_NOWHERE (match any scope) unless a scope is given."""
        return self.scope if self.scope is not None else RT_SCOPE_NOWHERE

    def __str__(self) -> str:
        return " ".join(_route_words(self, [_ip(self.ns), "route", "del"], None))


@_frozen
class RouteFlush:
    """``ip route flush [table T|all] [DST/PLEN] [dev DEV] [proto P] [scope S]``: every route
    matching them all (``table=None`` is ``table all``).  ``ip route show`` takes the same
    selectors."""
    ns: str | None = None
    table: int | None = RT_TABLE_MAIN
    dst: IPv4Address | None = None
    plen: int | None = None
    dev: str | None = None
    proto: str | None = None
    scope: int | None = None
    dst_mode: str = "exact"            # exact | root (and longer) | match (and shorter)
    type: str | None = None
    via: IPv4Address | None = None     # gateway prefix (via_plen bits)
    via_plen: int = 32
    src: IPv4Address | None = None     # preferred-source prefix (src_plen bits)
    src_plen: int = 32
    metric: int | None = None
    cache: bool = False          # ``cache``: the route exceptions (RTM_F_CLONED), not routes

    def __post_init__(self):
        _proto_name(self)
        _check_plen(self.plen)
        _check_plen(self.via_plen)
        _check_plen(self.src_plen)
        if (self.dst is None) != (self.plen is None):
            raise ValueError("dst and plen go together")
        if self.dst_mode not in ("exact", "root", "match"):
            raise ValueError(f"dst_mode must be exact, root or match, not {self.dst_mode!r}")
        if self.type is not None and self.type not in ROUTE_TYPES:
            raise ValueError(f"unknown route type {self.type!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "route", "flush"]
        if self.table != RT_TABLE_MAIN:
            w += ["table", "all" if self.table is None else _name(self.table, TABLES)]
        if self.cache:
            w.append("cache")
        if self.dst is not None:
            if self.dst_mode != "exact":
                w.append(self.dst_mode)
            w.append(_prefix(self.dst, self.plen))
        _opt(w, "dev", self.dev)
        _opt(w, "proto", self.proto)
        if self.scope is not None:
            w += ["scope", _name(self.scope, SCOPES)]
        _opt(w, "type", self.type)
        if self.via is not None:
            w += ["via", _prefix(self.via, self.via_plen)]
        if self.src is not None:
            w += ["src", _prefix(self.src, self.src_plen)]
        _opt(w, "metric", self.metric)
        return " ".join(w)

    def selects(self, r) -> bool:
        """filter_nlmsg() (ip/iproute.c): whether route ``r`` is shown (flushed).  ``root P``
        takes P and every longer prefix inside it, ``match P`` every route that covers P, a
        bare prefix exactly P; via and src compare their prefix bits."""
        if self.dst is not None:
            if self.dst_mode != "match" and r.plen < self.plen:
                return False
            if self.dst_mode != "root" and r.plen > self.plen:
                return False
            bits = self.plen if self.dst_mode == "root" else r.plen
            if not _same_bits(r.dst, int(self.dst), bits):
                return False
        if self.dev is not None and (r.dev is None or r.dev.name != self.dev):
            return False
        if (self.proto is not None and r.proto != self.proto) or \
                (self.scope is not None and r.scope != self.scope):
            return False
        if self.type is not None and r.type != self.type:
            return False
        if self.via is not None and not _same_bits(int(r.gateway or 0), int(self.via),
                                                   self.via_plen):
            return False
        if self.src is not None and not _same_bits(int(r.prefsrc or 0), int(self.src),
                                                   self.src_plen):
            return False
        return self.metric is None or r.metric == self.metric

    def hidden(self) -> list[str]:
        """The attributes print_route() leaves out because the filter fixes them."""
        fixed = (("dev", self.dev is not None), ("protocol", self.proto is not None),
                 ("scope", self.scope is not None),
                 ("gateway", self.via is not None and self.via_plen == 32),
                 ("prefsrc", self.src is not None and self.src_plen == 32),
                 ("metric", self.metric is not None))
        return [k for k, on in fixed if on]


def _same_bits(a: int, b: int, bits: int) -> bool:
    """inet_addr_match(): the first ``bits`` bits of two addresses agree."""
    return bits == 0 or (a >> (32 - bits)) == (b >> (32 - bits))


@_frozen
class RouteGet:
    """``ip route get DST [from SRC] [iif DEV] [oif DEV] [mark N] [tos N]``: a query, not a
    change (``iif`` asks how a packet arriving there would be routed)."""
    dst: IPv4Address
    ns: str | None = None
    src: IPv4Address | None = None
    iif: str | None = None
    oif: str | None = None
    mark: int | None = None
    tos: int | None = None
    connected: bool = False
    fibmatch: bool = False

    def __str__(self) -> str:
        w = [_ip(self.ns), "route", "get", str(self.dst)]
        _opt(w, "from", self.src)
        _opt(w, "iif", self.iif)
        _opt(w, "oif", self.oif)
        _opt(w, "mark", self.mark)
        _opt(w, "tos", self.tos)
        if self.connected:
            w.append("connected")
        if self.fibmatch:
            w.append("fibmatch")
        return " ".join(w)


# ============================================================================ rules
@_frozen
class _Rule:
    """Fields shared by ``ip rule add`` and ``ip rule del``."""
    ns: str | None = None
    priority: int | None = None
    src: IPv4Address | None = None
    src_len: int = 0
    dst: IPv4Address | None = None
    dst_len: int = 0
    table: int | None = None
    iif: str | None = None
    oif: str | None = None
    invert: bool = False               # `not`
    action: str = "lookup"             # lookup | blackhole | unreachable | prohibit

    _verb = ""

    def __post_init__(self):
        _check_plen(self.src_len)
        _check_plen(self.dst_len)
        if (self.src is None and self.src_len) or (self.dst is None and self.dst_len):
            raise ValueError("a prefix length needs its address")

    def __str__(self) -> str:
        w = [_ip(self.ns), "rule", self._verb]
        if self.invert:
            w.append("not")
        if self.src is not None:
            w += ["from", f"{self.src}/{self.src_len}"]
        if self.dst is not None:
            w += ["to", f"{self.dst}/{self.dst_len}"]
        _opt(w, "iif", self.iif)
        _opt(w, "oif", self.oif)
        _opt(w, "priority", self.priority)
        if self.table is not None:
            w += ["lookup", _name(self.table, TABLES)]
        if self.action != "lookup":
            w.append(self.action)
        return " ".join(w)


@_frozen
class RuleAdd(_Rule):
    """``ip rule add [not] [from P] [to P] [iif D] [oif D] [priority N] [lookup T|ACTION]``;
    no table: main; no priority: the kernel picks one below the second rule's."""
    _verb = "add"

    def effective_table(self) -> int:
        return self.table if self.table is not None else RT_TABLE_MAIN


@_frozen
class RuleDel(_Rule):
    """``ip rule del ...``: the first rule matching every field given."""
    _verb = "del"


# ============================================================================ neighbours
@_frozen
class NeighAdd:
    """``ip neigh add|replace|change DST [lladdr MAC] [nud STATE] dev DEV``."""
    dst: IPv4Address
    dev: str
    ns: str | None = None
    mode: str = "add"                  # add | replace | change
    lladdr: str | None = None
    nud: str = "permanent"

    def __post_init__(self):
        _set_mac(self, "lladdr")
        if self.mode not in ("add", "replace", "change"):
            raise ValueError(f"mode must be add, replace or change, not {self.mode!r}")
        if self.nud not in NUD_STATES:
            raise ValueError(f"unknown nud state {self.nud!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "neigh", self.mode, str(self.dst)]
        _opt(w, "lladdr", self.lladdr)
        return " ".join(w + ["nud", self.nud, "dev", self.dev])


@_frozen
class NeighDel:
    """``ip neigh del DST dev DEV``."""
    dst: IPv4Address
    dev: str
    ns: str | None = None

    def __str__(self) -> str:
        return f"{_ip(self.ns)} neigh del {self.dst} dev {self.dev}"


@_frozen
class NeighFlush:
    """``ip neigh flush [DST[/PLEN]] [dev DEV] [nud STATE]...``: entries in the prefix (no
    ``plen``: exactly ``dst``) whose state is one of ``nud`` ("all": any but noarp); without
    ``nud``, those that are neither permanent nor noarp.  ``ip neigh show`` takes the same
    selectors (there without ``nud``: any state but noarp)."""
    ns: str | None = None
    dev: str | None = None
    dst: IPv4Address | None = None
    plen: int | None = None
    nud: tuple[str, ...] = ()

    def __post_init__(self):
        _check_plen(self.plen)
        if self.plen is not None and self.dst is None:
            raise ValueError("a prefix length needs its address")
        if self.plen == 32:
            object.__setattr__(self, "plen", None)      # /32 is the address itself
        for state in self.nud:
            if state != "all" and state not in NUD_STATES:
                raise ValueError(f"unknown nud state {state!r}")

    def __str__(self) -> str:
        w = [_ip(self.ns), "neigh", "flush"]
        if self.dst is not None:
            w.append(str(self.dst) if self.plen is None else f"{self.dst}/{self.plen}")
        _opt(w, "dev", self.dev)
        for state in self.nud:
            w += ["nud", state]
        return " ".join(w)

    def state_mask(self, flush: bool = True) -> int:
        """iproute2's filter.state: the union of the ``nud`` states (0x100 stands for none;
        ``all`` is every state, for flush every state but noarp).  Without ``nud``: show
        leaves out noarp entries, flush permanent ones too."""
        if not self.nud:
            # show: 0xFF & ~NUD_NOARP; flush: ~(NUD_PERMANENT|NUD_NOARP), NONE (0x100) included
            return ~(NUD_BITS["noarp"] | NUD_BITS["permanent"]) if flush \
                else 0xFF & ~NUD_BITS["noarp"]
        mask = 0
        for state in self.nud:
            bits = ~(NUD_BITS["noarp"] if flush else 0) if state == "all" else NUD_BITS[state]
            mask |= bits or 0x100
        return mask

    def selects(self, ip: IPv4Address, state: int, flush: bool = True) -> bool:
        """Whether an entry for ``ip`` in NUD ``state`` is shown (flushed): the prefix and
        state filters of ipneigh.c's print_neigh() (the device is the caller's)."""
        if self.dst is not None:
            if self.plen is None:
                if ip != self.dst:
                    return False
            elif self.plen and int(ip) >> (32 - self.plen) != int(self.dst) >> (32 - self.plen):
                return False
        mask = self.state_mask(flush)
        return bool(state & mask) if state else bool(mask & 0x100)


# ============================================================================ bridge fdb
def _fdb_line(f, verb: str, state: str | None = None, vni: int | None = None) -> str:
    """``bridge fdb add|del MAC dev DEV ...`` (only an add has a state and a vni)."""
    w = [_ip(f.ns, "bridge"), "fdb", verb, f.mac, "dev", f.dev]
    if f.master:
        w.append("master")
    if f.self_:
        w.append("self")
    if state is not None:
        w.append(state)
    _opt(w, "dst", f.dst)
    _opt(w, "vni", vni)
    _opt(w, "vlan", f.vlan)
    return " ".join(w)


@_frozen
class FdbAdd:
    """``bridge fdb add MAC dev DEV [master] [self] [permanent|static|dynamic] [dst A]
    [vni N] [vlan N]``; neither master nor self: self (iproute2's default)."""
    mac: str
    dev: str
    ns: str | None = None
    master: bool = False
    self_: bool = False
    state: str | None = None           # permanent | static | dynamic; None: permanent
    dst: IPv4Address | None = None
    vni: int | None = None
    vlan: int | None = None
    mode: str = "add"                  # add (NLM_F_EXCL) | replace | append

    def __post_init__(self):
        _set_mac(self, "mac")
        if self.state not in (None, "permanent", "static", "dynamic"):
            raise ValueError(f"unknown fdb state {self.state!r}")
        if self.mode not in ("add", "replace", "append"):
            raise ValueError(f"mode must be add, replace or append, not {self.mode!r}")

    def __str__(self) -> str:
        return _fdb_line(self, self.mode, self.state, self.vni)


@_frozen
class FdbDel:
    """``bridge fdb del MAC dev DEV [master] [self] [dst A] [vlan N]``."""
    mac: str
    dev: str
    ns: str | None = None
    master: bool = False
    self_: bool = False
    dst: IPv4Address | None = None
    vlan: int | None = None

    def __post_init__(self):
        _set_mac(self, "mac")

    def __str__(self) -> str:
        return _fdb_line(self, "del")


# ============================================================================ sysctl
@_frozen
class SysctlSet:
    """``sysctl -w KEY=VALUE`` in a namespace (``ip netns exec NS sysctl -w ...``); KEY with
    dots, as ``net.ipv4.ip_forward``."""
    key: str
    value: str
    ns: str | None = None

    def __str__(self) -> str:
        prefix = "" if self.ns is None else f"ip netns exec {self.ns} "
        return f"{prefix}sysctl -w {self.key}={self.value}"


Command = (NetnsAdd | NetnsDel | LinkAdd | LinkDel | LinkSet | AddrAdd | AddrDel | AddrFlush
           | RouteAdd | RouteDel | RouteFlush | RuleAdd | RuleDel | NeighAdd | NeighDel
           | NeighFlush | FdbAdd | FdbDel | SysctlSet)
