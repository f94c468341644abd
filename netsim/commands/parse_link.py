"""``ip link`` and ``bridge link`` arguments: iplink_parse() and iplink_modify()
(ip/iplink.c, iproute2 6.1) for add, set and delete, the kinds' own parsers (veth_parse_opt,
bridge_parse_opt, vxlan, macvlan) and brlink_modify() (bridge/link.c).  The same keywords,
abbreviations (``addr``, ``mast``, ``ty``: a prefix of a keyword is that keyword before it can
be a device name), checks and words as iproute2, in its order.
"""
from __future__ import annotations

import re

from . import model as m
from ._util import CmdError, matches
from .parser import (_HEX_FIELD, _NO_CHECK, Checker, _addr_or_die, _uint, duparg, duparg1,
                     invarg, missarg, need, valid_ifname)

__all__ = ["parse_link_add", "parse_link_del", "parse_link_set", "parse_bridge_link_set"]


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
                     link=r.link, txqlen=r.qlen, up=bool(r.up))


def _link_kind(kind: str, a: list[str], ns, chk: Checker) -> m.LinkKind:
    i = 0
    if kind == "veth":
        if not a:
            return m.Veth()
        if a[0] != "peer":                  # veth_parse_opt(): strcmp(argv[0], "peer")
            raise CmdError(1, "", stdout="Usage: ip link <options> type veth [peer <options>]\n"
                                         "To get <options> type 'ip link add help'\n")
        r = _iplink_parse(a[1:], True, ns, chk, peer=True)
        if r.type is not None:
            raise duparg1("type", r.type)
        return m.Veth(peer=r.name, peer_ns=r.netns, peer_mac=_mac(r.address), peer_mtu=r.mtu)
    if kind == "vxlan":
        from .parse_vxlan import parse_vxlan_opts
        return parse_vxlan_opts(a, ns, chk)
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
