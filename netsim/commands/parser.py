"""iproute2's argument parsing: a command line -> a typed command (:mod:`.model`).

``parse(line)`` turns a state-changing line (``ip link add``, ``ip route replace``,
``bridge fdb add``, ``sysctl -w`` ...) or an ``ip route get`` into one command value::

    >>> parse("ip -n c1 link add v0 type veth peer name v1")
    LinkAdd(name='v0', kind=Veth(peer='v1', peer_ns=None, peer_mac=None), ns='c1', mac=None, mtu=None, link=None)
    >>> str(parse("ip r a 10.0.0.0/24 via 10.0.0.1 metric 5"))
    'ip route add 10.0.0.0/24 via 10.0.0.1 metric 5'

The ``parse_*`` functions here and in :mod:`.parse_route` are the per-object parsers that
:mod:`.ip` uses.  They make the checks iproute2 makes in user space, with its words and exit
status (255 for usage errors, 1 for ``Cannot find device "x"`` and bad prefixes), raising
:class:`~._util.CmdError`.  Checks
that need the machine's state (does the device exist?) go through a :class:`Checker` over a
backend snapshot, at the point where iproute2 makes them; ``parse(line)`` alone has no state
and skips them.  Everything the kernel decides (File exists, invalid gateway ...) is left to
the backend's ``apply``.
"""
from __future__ import annotations

import re
import shlex
from ipaddress import IPv4Address

from . import model as m
from ._util import CmdError, matches, parse_addr, parse_prefix

__all__ = ["parse", "Checker", "parse_link_add", "parse_link_del", "parse_link_set",
           "parse_bridge_link_set",
           "parse_sysctl_assign", "mac_or_die", "need", "invarg", "valid_ifname"]

_IFNAMSIZ = 16


def valid_ifname(name: str) -> bool:
    """check_ifname() (iproute2's own check; the kernel's dev_valid_name() also refuses ':',
    '.' and '..'): 1..15 bytes, no '/' or white space."""
    if not name or len(name.encode()) >= _IFNAMSIZ:
        return False
    return not any(c in name for c in "/ \t\n\v\f\r")


class Checker:
    """The state-dependent checks iproute2 makes before sending a request, over a
    ``netsim.kernel_model.Kernel`` snapshot; ``Checker(None)`` checks nothing (pure parsing).
    ``default_ns`` is the snapshot's name for the namespace meant by ``ns=None``."""

    def __init__(self, snapshot=None, default_ns: str = "root", tool: str = "ip"):
        self.snapshot, self.default_ns, self.tool = snapshot, default_ns, tool

    def dev(self, ns: str | None, name: str, what: str = "device", rc: int | None = None) -> None:
        """ll_name_to_index() failed: ``Cannot find device "x"`` (rc 1; the bridge tool and
        iproute2's link-type parsers, which exit at once: 255)."""
        if self.snapshot is None:
            return
        space = self.snapshot.namespaces.get(self.default_ns if ns is None else ns)
        if space is None or name not in space.by_name:
            if rc is None:
                rc = 255 if self.tool == "bridge" else 1
            raise CmdError(rc, f'Cannot find {what} "{name}"\n')

    def master(self, ns: str | None, name: str) -> None:
        """``master X``: iproute2 resolves it while parsing (rc 255)."""
        if self.snapshot is None:
            return
        space = self.snapshot.namespaces.get(self.default_ns if ns is None else ns)
        if space is None or name not in space.by_name:
            raise invarg("Device does not exist\n", name)

    def has_dev(self, ns: str | None, name: str) -> bool:
        space = self.snapshot.namespaces.get(self.default_ns if ns is None else ns)
        return space is not None and name in space.by_name

    def netns(self, name: str) -> None:
        """netns_get_fd() failed: ``Invalid "netns" value`` (rc 255)."""
        if self.snapshot is not None and name not in self.snapshot.namespaces:
            raise CmdError(255, f'Error: argument "{name}" is wrong: Invalid "netns" value\n\n')


_NO_CHECK = Checker()


# ============================================================================ helpers
def need(argv: list[str], i: int) -> str:
    """NEXT_ARG(): the value after a keyword, or iproute2's incomplete-command error."""
    if i >= len(argv):
        raise CmdError(255, "Command line is not complete. Try option \"help\"\n")
    return argv[i]


def invarg(msg: str, arg: str) -> CmdError:
    """iproute2's invarg() (utils.c)."""
    return CmdError(255, f'Error: argument "{arg}" is wrong: {msg}\n')


def duparg(key: str, arg: str) -> CmdError:
    """iproute2's duparg() (utils.c): a second ``key`` word, or a word it does not know."""
    return CmdError(255, f'Error: either "{key}" is duplicate, or "{arg}" is a garbage.\n')


def duparg1(key: str, arg: str) -> CmdError:
    """iproute2's duparg() (utils.c): a keyword given twice."""
    return CmdError(255, f'Error: duplicate "{key}": "{arg}" is the second value.\n')


def missarg(key: str) -> CmdError:
    """iproute2's missarg() (utils.c): a required argument was not given."""
    return CmdError(255, f'Not enough information: "{key}" argument is required.\n')


def _prefix_or_die(s: str, allow_default: bool = True) -> tuple[IPv4Address, int]:
    """get_prefix(): ADDR[/PLEN] (``default`` too unless ``allow_default`` is False)."""
    p = parse_prefix(s, allow_default)
    if p is None:
        raise CmdError(1, f'Error: any valid prefix is expected rather than "{s}".\n')
    return IPv4Address(p[0]), p[1]


def _addr_or_die(s: str, what: str = "inet address") -> IPv4Address:
    a = parse_addr(s)
    if a is None:
        raise CmdError(1, f'Error: {what} is expected rather than "{s}".\n')
    return a


def _uint(s: str, msg: str, bits: int = 32) -> int:
    """An unsigned number, or invarg(msg) (iproute2's messages differ per keyword)."""
    if not s.isdigit() or int(s) >= 1 << bits:
        raise invarg(msg, s)
    return int(s)


def mac_or_die(s: str, bad_len: CmdError | None = None) -> str:
    """ll_addr_a2n(): each ':' field is read by sscanf("%x") (so "0g" reads as 0); a field
    that does not start with a hex digit is named.  A length other than 6 raises ``bad_len``
    (the caller's own check), or names the whole string."""
    octets = []
    for part in s.split(":"):
        hx = _HEX_FIELD.match(part)
        if hx is None or int(hx.group(1), 16) > 255:
            raise CmdError(1, f'"{part}" is invalid lladdr.\n')
        octets.append(int(hx.group(1), 16))
    if len(octets) != 6:
        raise bad_len or CmdError(1, f'"{s}" is invalid lladdr.\n')
    return ":".join(f"{x:02x}" for x in octets)


_HEX_FIELD = re.compile(r"\s*(?:0[xX])?([0-9a-fA-F]+)")


def _table_or_die(v: str, msg: str = '"table" value is invalid\n') -> int:
    """rtnl_rttable_a2n(): a table name or number, else invarg (whose text differs per
    command: ``ip route add`` vs ``ip route show``)."""
    t = m.TABLES.get(v, int(v) if v.isdigit() else None)
    if t is None:
        raise invarg(msg, v)
    return t


def _scope(v: str, msg: str = "invalid scope value.") -> int:
    """rtnl_rtscope_a2n(): a name or a number; iproute2's message differs per object."""
    if v in m.SCOPES or v in m.SCOPE_ALIASES:
        return m.SCOPES.get(v, m.SCOPE_ALIASES.get(v))
    if v.isdigit() and int(v) <= 255:
        return int(v)
    raise invarg(msg, v)


# ============================================================================ ip link
class _LinkReq:
    """What iplink_parse() put into one RTM_NEWLINK/DELLINK request (the fields netsim
    models); ``type`` and ``rest`` are the kind and the words after it."""

    def __init__(self):
        self.up = self.name = self.dev = self.link = self.address = self.mtu = None
        self.netns = self.master = self.type = self.alias = self.qlen = None
        self.nomaster = False
        self.flags: dict[str, bool] = {}
        self.rest: list[str] = []


def _ll_addr(v: str) -> list[int]:
    """ll_addr_a2n(): the octets of a link-layer address, or ``"x" is invalid lladdr.`` (the
    caller returns -1: status 1)."""
    octets = []
    for part in v.split(":"):
        hx = _HEX_FIELD.match(part)
        if hx is None or int(hx.group(1), 16) > 255:
            raise CmdError(1, f'"{part}" is invalid lladdr.\n')
        octets.append(int(hx.group(1), 16))
    return octets


def _get_integer(v: str) -> int | None:
    """get_integer(): strtol(v, 0) with nothing left over, within int."""
    try:
        n = int(v, 0) if not re.fullmatch(r"[-+]?0[0-7]+", v) else int(v, 8)
    except ValueError:
        return None
    return n if -(1 << 31) <= n < (1 << 31) else None


def _iplink_parse(a: list[str], create: bool, ns: str | None, chk: Checker,
                  peer: bool = False) -> _LinkReq:
    """iplink_parse() (ip/iplink.c, iproute2 6.1) for the words netsim models: the same
    keywords, abbreviations (``addr``, ``mast``, ``nomast``, ``ty``) and checks, in the same
    order.  ``create``: NLM_F_CREATE (``link add``, a veth's peer)."""
    r = _LinkReq()
    qlen = None
    i = 0
    while i < len(a):
        t = a[i]
        if t in ("up", "down"):
            r.up = t == "up"
        elif t == "name":
            i += 1
            v = need(a, i)
            if r.name is not None:
                raise duparg1("name", v)
            if not valid_ifname(v):
                raise invarg('"name" not a valid ifname', v)
            r.name = v
            if r.dev is None:
                r.dev = v
        elif t == "index":
            i += 1
            v = need(a, i)
            if (_get_integer(v) or 0) <= 0:
                raise invarg('Invalid "index" value', v)
        elif matches(t, "link"):
            i += 1
            r.link = need(a, i)
        elif matches(t, "address"):
            i += 1
            r.address = _ll_addr(need(a, i))
        elif matches(t, "broadcast") or t == "brd":
            i += 1
            _ll_addr(need(a, i))
        elif matches(t, "txqueuelen") or t == "qlen" or matches(t, "txqlen"):
            i += 1
            v = need(a, i)
            if qlen is not None:
                raise duparg1("txqueuelen", v)
            qlen = _get_integer(v)
            if qlen is None:
                raise invarg('Invalid "txqueuelen" value\n', v)
            r.qlen = qlen & 0xFFFFFFFF
        elif t == "mtu":
            i += 1
            v = need(a, i)
            if r.mtu is not None:
                raise duparg1("mtu", v)
            r.mtu = _get_integer(v)
            if r.mtu is None:
                raise invarg('Invalid "mtu" value\n', v)
        elif t == "netns":
            i += 1
            v = need(a, i)
            if r.netns is not None:
                raise duparg1("netns", v)
            chk.netns(v)
            r.netns = v
        elif t in _ONOFF or matches(t, "dynamic"):
            key = "dynamic" if t not in _ONOFF else t
            i += 1
            on = _onoff(key, need(a, i))
            flag, inverted = m.IFF_BY_WORD[key]
            r.flags[flag] = on != inverted
        elif matches(t, "master"):
            i += 1
            v = need(a, i)
            chk.master(ns, v)
            r.master = v
        elif matches(t, "nomaster"):
            r.nomaster = True
        elif matches(t, "type"):
            i += 1
            r.type = need(a, i)
            r.rest = a[i + 1:]
            break
        elif matches(t, "alias"):
            i += 1
            r.alias = need(a, i)
            if len(r.alias.encode()) >= 256:
                raise invarg("alias too long\n", r.alias)
        else:
            if matches(t, "help"):
                raise CmdError(255, _LINK_USAGE)
            if t == "dev":
                i += 1
                t = need(a, i)
            if r.dev != r.name:
                raise duparg("dev", t)
            if not t or len(t.encode()) >= 128 or t in (".", "..") \
                    or any(c in t for c in "/: \t\n"):
                raise invarg('"dev" not a valid ifname', t)
            r.dev = t
        i += 1
    if r.name is None:
        r.name = r.dev
    elif r.dev is None:
        r.dev = r.name
    if not create:
        if r.dev is None:
            raise missarg("dev")
        # nl_get_ll_addr_len(): the device's own length (6: every device netsim has)
        if r.address is not None and len(r.address) != 6 \
                and (chk.snapshot is None or chk.has_dev(ns, r.dev)):
            raise CmdError(1, f"Invalid address length {len(r.address)} - must be 6 bytes\n")
        chk.dev(ns, r.dev)
        if r.name == r.dev:
            r.name = None                 # not a rename
    else:
        if r.name != r.dev:
            raise CmdError(255, 'both "name" and "dev" cannot be used when creating '
                                'devices.\n')
        if r.link is not None:
            chk.dev(ns, r.link)
    return r


_LINK_USAGE = "Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n"


def _mac(octets: list[int] | None) -> str | None:
    if octets is None:
        return None
    if len(octets) != 6:
        raise CmdError(2, "RTNETLINK answers: Invalid argument\n")   # validate_linkmsg()
    return ":".join(f"{x:02x}" for x in octets)


def parse_link_add(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkAdd:
    """``ip link add [[name] NAME] [address MAC] [mtu N] [link DEV] type KIND [ARGS]``; no name:
    the kernel names the device (``veth0``, ``bridge0`` ...)."""
    r = _iplink_parse(a, True, ns, chk)
    if r.type is None:
        raise CmdError(1, "Not enough information: \"type\" argument is required\n")
    kind = _link_kind(r.type, r.rest, ns, chk)
    return m.LinkAdd(name=r.name, kind=kind, ns=ns, mac=_mac(r.address), mtu=r.mtu,
                     link=r.link, txqlen=r.qlen)


def _link_kind(kind: str, a: list[str], ns, chk: Checker) -> m.LinkKind:
    i = 0
    if kind == "veth":
        if not a:
            return m.Veth()
        if a[0] != "peer":                  # veth_parse_opt(): strcmp(argv[0], "peer")
            raise CmdError(1, "Usage: ip link <options> type veth [peer <options>]\n"
                              "To get <options> type 'ip link add help'\n")
        r = _iplink_parse(a[1:], True, ns, chk, peer=True)
        if r.type is not None:
            raise duparg1("type", r.type)
        return m.Veth(peer=r.name, peer_ns=r.netns, peer_mac=_mac(r.address), peer_mtu=r.mtu)
    if kind == "vxlan":
        opts: dict = {}
        while i < len(a):
            t = a[i]
            if t in ("id", "vni"):
                i += 1
                opts["vni"] = _uint(need(a, i), "invalid id", 24)
            elif t == "local":
                i += 1
                opts["local"] = _addr_or_die(need(a, i), "any valid address")
            elif t in ("remote", "group"):
                i += 1
                opts["remote"] = _addr_or_die(need(a, i))
            elif t == "dstport":
                i += 1
                opts["dstport"] = _uint(need(a, i), "dstport", 16)
            elif t == "dev":
                i += 1
                opts["dev"] = need(a, i)
                chk.dev(ns, opts["dev"], rc=255)       # vxlan_parse_opt(): exit(-1)
            i += 1
        if "vni" not in opts:
            raise CmdError(1, "vxlan: missing virtual network identifier\n")
        return m.Vxlan(**opts)
    if kind == "macvlan":
        mode = None
        while i < len(a):
            if a[i] == "mode":
                i += 1
                mode = need(a, i)
                if mode not in _MACVLAN_MODES:
                    raise CmdError(1, 'Error: argument of "mode" must be "private", "vepa", '
                                      f'"bridge", "passthru" or "source", not "{mode}"\n')
            i += 1
        return m.Macvlan(mode=mode)
    if kind == "bridge":
        if a:
            # bridge_parse_opt(): every option takes a value; netsim models none of them
            if a[0] not in _BRIDGE_OPTS:
                raise CmdError(1, f'bridge: unknown command "{a[0]}"?\n' + _BRIDGE_USAGE)
            if a[0] != "fdb_flush":
                need(a, 1)
            raise CmdError(2, f"netsim: not supported yet: type bridge {a[0]}\n")
        return m.Bridge()
    if kind == "dummy":
        return m.Dummy()
    return m.OtherKind(kind=kind)


def parse_link_del(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkDel:
    """``ip link del [dev] NAME``: iplink_modify(RTM_DELLINK), the same parser as set."""
    r = _iplink_parse(a, False, ns, chk)
    return m.LinkDel(dev=r.dev, ns=ns)


_BRIDGE_USAGE = (  # bridge_explain() (ip/iplink_bridge.c, iproute2 6.1)
    'Usage: ... bridge [ fdb_flush ]\n'
    '\t\t  [ forward_delay FORWARD_DELAY ]\n'
    '\t\t  [ hello_time HELLO_TIME ]\n'
    '\t\t  [ max_age MAX_AGE ]\n'
    '\t\t  [ ageing_time AGEING_TIME ]\n'
    '\t\t  [ stp_state STP_STATE ]\n'
    '\t\t  [ priority PRIORITY ]\n'
    '\t\t  [ group_fwd_mask MASK ]\n'
    '\t\t  [ group_address ADDRESS ]\n'
    '\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n'
    '\t\t  [ vlan_filtering VLAN_FILTERING ]\n'
    '\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n'
    '\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n'
    '\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n'
    '\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n'
    '\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n'
    '\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n'
    '\t\t  [ mcast_router MULTICAST_ROUTER ]\n'
    '\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n'
    '\t\t  [ mcast_querier MULTICAST_QUERIER ]\n'
    '\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n'
    '\t\t  [ mcast_hash_max HASH_MAX ]\n'
    '\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n'
    '\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n'
    '\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n'
    '\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n'
    '\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n'
    '\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n'
    '\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n'
    '\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n'
    '\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n'
    '\t\t  [ mcast_igmp_version IGMP_VERSION ]\n'
    '\t\t  [ mcast_mld_version MLD_VERSION ]\n'
    '\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n'
    '\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n'
    '\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n'
    '\n'
    'Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n')
_BRIDGE_OPTS = tuple(re.findall(r"\[ (\w+)", _BRIDGE_USAGE))
_MACVLAN_MODES = ("private", "vepa", "bridge", "passthru", "source")
_ONOFF = ("arp", "multicast", "promisc", "allmulticast", "dynamic", "trailers")
_PORT_FLAGS = ("hairpin", "learning")
_PORT_NUMBERS = {"cost": 32, "priority": 16, "state": 8}   # value bits


def _onoff(key: str, v: str, tool: str = "ip") -> bool:
    """parse_on_off(): ip's words (rc 1), or the bridge tool's (its -EINVAL exit status)."""
    if v not in ("on", "off"):
        if tool == "bridge":
            raise CmdError(234, f'Error: argument of "{key}" must be one of "off", "on", '
                                f'not "{v}"\n')
        raise CmdError(1, f'Error: argument of "{key}" must be "on" or "off", not "{v}"\n')
    return v == "on"


def parse_link_set(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkSet:
    """``ip link set [dev] NAME [up|down] [netns NS] [address MAC] [mtu N] [master BR]
    [nomaster] [name NEW] [type bridge_slave [hairpin on|off] [learning on|off]]``."""
    r = _iplink_parse(a, False, ns, chk)
    f: dict = {k: v for k, v in (("up", r.up), ("netns", r.netns), ("mtu", r.mtu),
                                 ("master", r.master), ("name", r.name), ("alias", r.alias),
                                 ("txqlen", r.qlen)) if v is not None}
    if r.flags:
        f["flags"] = tuple(r.flags.items())
    if r.address is not None:
        f["address"] = _mac(r.address)
    if r.nomaster:
        f["nomaster"] = True
    if r.type == "bridge_slave":
        i = 0
        while i < len(r.rest) and r.rest[i] in (*_PORT_FLAGS, *_PORT_NUMBERS):
            t, v = r.rest[i], need(r.rest, i + 1)
            if t in _PORT_FLAGS:
                f[t] = _onoff(t, v)
            else:                           # bridge_slave_parse_opt(): get_u32/u16/u8
                n = _get_integer(v)
                if n is None or not 0 <= n < 1 << _PORT_NUMBERS[t]:
                    raise invarg(f"{t} is invalid", v)
                f["stp_state" if t == "state" else t] = n
            i += 2
        if i < len(r.rest):
            raise CmdError(2, f"netsim: not supported yet: bridge_slave {r.rest[i]}\n")
    elif r.type is not None and r.rest:
        raise CmdError(2, f"netsim: not supported yet: ip link set type {r.type}\n")
    return m.LinkSet(dev=r.dev, ns=ns, **f)


def _atoi(v: str) -> int:
    """C atoi(): leading digits (with a sign), 0 if none."""
    mt = re.match(r"\s*[-+]?\d+", v)
    return int(mt.group()) if mt else 0


_STP_STATES = ("disabled", "listening", "learning", "forwarding", "blocking")


def parse_bridge_link_set(a: list[str], ns: str | None, chk: Checker = _NO_CHECK) -> m.LinkSet:
    """``bridge link set dev DEV [hairpin on|off] [learning on|off] [cost N] [priority N]
    [state S]``: brlink_modify() (bridge/link.c, iproute2 6.1); the other port flags are
    checked as it does and not modelled."""
    dev = None
    f: dict = {}
    i = 0
    while i < len(a):
        t = a[i]
        if t == "dev":
            i += 1
            dev = need(a, i)
        elif t in _PORT_FLAGS:
            i += 1
            f[t] = _onoff(t, need(a, i), "bridge")
        elif t in ("guard", "fastleave", "root_block", "learning_sync", "flood", "mcast_flood",
                   "bcast_flood", "mcast_to_unicast", "neigh_suppress", "vlan_tunnel",
                   "isolated", "locked"):
            i += 1
            if _onoff(t, need(a, i), "bridge") != (t in ("flood", "mcast_flood", "bcast_flood")):
                raise CmdError(2, f"netsim: not supported yet: bridge link set {t}\n")
        elif t == "cost":
            i += 1
            cost = _atoi(need(a, i))
            if cost > 0:                      # 0 (or no number) is not sent
                f["cost"] = cost & 0xFFFFFFFF
        elif t == "priority":
            i += 1
            prio = _atoi(need(a, i))
            if prio >= 0:
                f["priority"] = prio & 0xFFFF
        elif t == "state":
            i += 1
            v = need(a, i)
            if re.fullmatch(r"[-+]?\d+", v):
                state = int(v)
            elif v in _STP_STATES:
                state = _STP_STATES.index(v)
            else:
                raise CmdError(255, "Error: invalid STP port state\n")
            state = (state + 128) % 256 - 128     # a __s8
            if state >= 0:
                f["stp_state"] = state
        i += 1
    if dev is None:
        raise CmdError(255, "Device is a required argument.\n")
    chk.dev(ns, dev, "bridge device")
    return m.LinkSet(dev=dev, ns=ns, **f)


# ============================================================================ sysctl
def parse_sysctl_assign(arg: str, ns: str | None) -> m.SysctlSet:
    """``KEY=VALUE`` (``/`` or ``.`` separated) -> SysctlSet."""
    key, _, val = arg.partition("=")
    return m.SysctlSet(key=key.replace("/", ".").strip(), value=val.strip(), ns=ns)


# ============================================================================ whole lines
_MODIFY = {
    "link": [("add",), ("set", "change"), ("delete",)],
    "address": [("add",), ("change",), ("replace",), ("delete",), ("flush",)],
    "route": [("add",), ("change",), ("replace",), ("prepend",), ("append",), ("delete",),
              ("flush",), ("get",)],
    "rule": [("add",), ("delete",)],
    "neighbor": [("add",), ("change", "chg"), ("replace",), ("delete",), ("flush",)],
}


def _word(arg: str, table) -> str | None:
    for names in table:
        if any(matches(arg, n) for n in names):
            return names[0]
    return None


def parse(line: str, chk: Checker = _NO_CHECK) -> m.Command | m.RouteGet:
    """One state-changing command line (or ``ip route get``) -> its typed command.

    Raises :class:`~._util.CmdError` (with iproute2's words and status) for a line iproute2
    would refuse, and ValueError for a line that changes nothing (``ip link show``, ``ping``).
    """
    from . import parse_addr
    from .parse_route import (parse_fdb_modify, parse_neigh_modify, parse_neigh_select,
                              parse_route_get, parse_route_modify, parse_route_select,
                              parse_rule)
    argv = shlex.split(line)
    ns = None
    if argv[:3] == ["ip", "netns", "exec"] and len(argv) > 4:
        ns, argv = argv[3], argv[4:]
    if not argv:
        raise ValueError("empty command line")
    prog, args = argv[0], argv[1:]
    if prog == "sysctl":
        assigns = [x for x in args if not x.startswith("-") and "=" in x]
        if len(assigns) != 1:
            raise ValueError("parse() takes a sysctl line with exactly one KEY=VALUE")
        return parse_sysctl_assign(assigns[0], ns)
    if prog not in ("ip", "bridge"):
        raise ValueError(f"not a state-changing command: {line!r}")
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i].lstrip("-") in ("n", "netns"):
            ns = need(args, i + 1)
            i += 1
        i += 1
    args = args[i:]
    if len(args) < 2:
        raise ValueError(f"not a state-changing command: {line!r}")
    obj, sub, rest = args[0], args[1], args[2:]
    if prog == "bridge":
        chk = Checker(chk.snapshot, chk.default_ns, "bridge")
        if matches(obj, "fdb") and sub in ("add", "del", "delete"):
            return parse_fdb_modify("add" if sub == "add" else "del", rest, ns, chk)
        if matches(obj, "link") and sub in ("set", "change"):
            return parse_bridge_link_set(rest, ns, chk)
        raise ValueError(f"not a state-changing command: {line!r}")
    # iproute2's object table, in its order: the first name the word abbreviates wins
    objname = next((o for o in ("address", "addrlabel", "maddress", "route", "rule", "neighbor",
                                "neighbour", "ntable", "ntbl", "link", "netns")
                    if matches(obj, o)), None)
    if objname == "netns":
        if matches(sub, "add") and rest:
            return m.NetnsAdd(name=rest[0])
        if matches(sub, "delete") and rest:
            return m.NetnsDel(name=rest[0])
        raise ValueError(f"not a state-changing command: {line!r}")
    if objname == "neighbour":
        objname = "neighbor"
    verb = _word(sub, _MODIFY.get(objname, ()))
    if verb is None:
        raise ValueError(f"not a state-changing command: {line!r}")
    if verb == "flush" and not rest and objname != "route":
        raise CmdError(1, "Flush requires arguments.\n")
    if objname == "link":
        return {"add": parse_link_add, "set": parse_link_set,
                "delete": parse_link_del}[verb](rest, ns, chk)
    if objname == "address":
        if verb == "flush":
            return parse_addr.parse_addr_flush(rest, ns, chk)
        return parse_addr.parse_addr_modify(verb, rest, ns, chk)
    if objname == "route":
        if verb == "flush":
            if not rest:
                raise CmdError(1, '"ip route flush" requires arguments.\n')
            return parse_route_select(rest, ns, chk)
        if verb == "get":
            return parse_route_get(rest, ns, chk)
        return parse_route_modify(verb, rest, ns, chk)
    if objname == "rule":
        return parse_rule("add" if verb == "add" else "del", rest, ns)
    if verb == "flush":
        return parse_neigh_select(rest, ns, chk)
    return parse_neigh_modify(verb, rest, ns, chk)
