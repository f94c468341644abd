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


# The route/rule and neighbour/fdb/sysctl commands live in their own modules (size cap); they
# are names of this module as well.
from .model_route import (RouteAdd, RouteDel, RouteFlush, RouteGet,  # noqa: E402
                          RuleAdd, RuleDel)
from .model_neigh import FdbAdd, FdbDel, NeighAdd, NeighDel, NeighFlush, SysctlSet  # noqa: E402

Command = (NetnsAdd | NetnsDel | LinkAdd | LinkDel | LinkSet | AddrAdd | AddrDel | AddrFlush
           | RouteAdd | RouteDel | RouteFlush | RuleAdd | RuleDel | NeighAdd | NeighDel
           | NeighFlush | FdbAdd | FdbDel | SysctlSet)
