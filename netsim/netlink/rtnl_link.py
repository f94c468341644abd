"""RTM_NEWLINK / DELLINK / GETLINK: models the link half of ``net/core/rtnetlink.c``
(``rtnl_newlink``, ``do_setlink``, ``rtnl_dellink``, ``rtnl_getlink``, ``rtnl_fill_ifinfo``).

A request becomes a ``LinkAdd``/``LinkSet``/``LinkDel`` (:mod:`netsim.commands.model`)
executed by the backend; a device is encoded with the attributes, in the order, a 6.x kernel
sends (checked with pyroute2 in a real namespace; ``IFLA_AF_SPEC`` carries only AF_INET's
devconf, the model has no IPv6).
"""
from __future__ import annotations

import errno
import struct

from ..commands import model as m
from ..errors import Invalid, NetsimError, NotFound
from ..kernel_model import Bridge, Macvlan, Vxlan
from . import wire as w

__all__ = ["rtnl_fill_ifinfo", "rtnl_newlink", "rtnl_setlink", "rtnl_dellink",
           "rtnl_getlink", "rtnl_dump_ifinfo", "dev_get_flags"]

IFF_UP, IFF_BROADCAST, IFF_LOOPBACK, IFF_RUNNING, IFF_NOARP = 0x1, 0x2, 0x8, 0x40, 0x80
IFF_MULTICAST, IFF_LOWER_UP = 0x1000, 0x10000
_FLAG_BITS = {"BROADCAST": IFF_BROADCAST, "LOOPBACK": IFF_LOOPBACK, "NOARP": IFF_NOARP,
              "MULTICAST": IFF_MULTICAST}
ARPHRD_ETHER, ARPHRD_LOOPBACK = 1, 772
OPERSTATES = {"UNKNOWN": 0, "NOTPRESENT": 1, "DOWN": 2, "LOWERLAYERDOWN": 3, "TESTING": 4,
              "DORMANT": 5, "UP": 6}
# net.ipv4.conf.<dev>.KEY -> IPV4_DEVCONF_* index (include/uapi/linux/ip.h), and the
# kernel's defaults for those the model does not keep
_DEVCONF = {"forwarding": 1, "proxy_arp": 3, "rp_filter": 8, "arp_ignore": 19,
            "promote_secondaries": 20, "accept_local": 23, "route_localnet": 26}
_DEVCONF_DEFAULTS = {4: 1, 5: 1, 6: 1, 7: 1, 27: 10000, 28: 1000, 33: 1}
IPV4_DEVCONF_MAX, IFLA_INET_CONF = 33, 1
# devices that never turn their carrier off (no netif_carrier_off in their driver)
_ALWAYS_CARRIER = ("loopback", "dummy", "vxlan")


def dev_get_flags(dev) -> int:
    """dev_get_flags(): the administrative flags plus RUNNING and LOWER_UP."""
    flags = 0
    for name in dev.iff_flags():
        flags |= _FLAG_BITS.get(name, 0)
    if dev.admin_up:
        flags |= IFF_UP
        if dev.oper_up():
            flags |= IFF_RUNNING
        if dev.has_carrier():
            flags |= IFF_LOWER_UP
    return flags


def _stats(dev, fmt: str, count: int) -> bytes:
    s = dev.stats
    values = [s["rx_packets"], s["tx_packets"], s["rx_bytes"], s["tx_bytes"]]
    values += [0] * (count - 4)
    mask = 0xFFFFFFFFFFFFFFFF if fmt == "Q" else 0xFFFFFFFF
    return struct.pack(f"={count}{fmt}", *(v & mask for v in values))


def _linkinfo(dev) -> list:
    info = []
    if dev.kind not in ("loopback", "generic"):
        info.append(w.string(w.IFLA_INFO_KIND, dev.kind))
    if isinstance(dev, Vxlan):
        data = [w.u32(1, dev.vni)]                               # IFLA_VXLAN_ID
        if dev.remote is not None:
            data.append(w.ipv4(2, dev.remote))                   # IFLA_VXLAN_GROUP
        if dev.lower_dev is not None:
            data.append(w.u32(3, dev.lower_dev.ifindex))          # IFLA_VXLAN_LINK
        if dev.local is not None:
            data.append(w.ipv4(4, dev.local))                     # IFLA_VXLAN_LOCAL
        data.append(w.Attr(5, bytes([dev.ttl or 0])))              # IFLA_VXLAN_TTL
        data.append(w.Attr(7, bytes([int(dev.learning)])))        # IFLA_VXLAN_LEARNING
        data.append(w.Attr(15, struct.pack("!H", dev.dstport)))  # IFLA_VXLAN_PORT (be16)
        info.append(w.nested(w.IFLA_INFO_DATA, data))
    elif isinstance(dev, Macvlan):
        modes = {"private": 1, "vepa": 2, "bridge": 4, "passthru": 8, "source": 16}
        info.append(w.nested(w.IFLA_INFO_DATA, [w.u32(1, modes.get(dev.mode, 4))]))
    elif isinstance(dev, Bridge):
        info.append(w.nested(w.IFLA_INFO_DATA, _br_fill_info(dev)))
    if dev.port is not None:
        info.append(w.string(w.IFLA_INFO_SLAVE_KIND, "bridge"))
        info.append(w.nested(w.IFLA_INFO_SLAVE_DATA, _br_port_fill_attrs(dev.port)))
    return info


def _attrs(spec) -> list:
    return [w.Attr(t, struct.pack("=" + f, v)) for t, f, v in spec]


def _bridge_id(br) -> bytes:
    return struct.pack("!H", 0x8000) + bytes.fromhex(br.mac.replace(":", ""))


def _br_fill_info(br) -> list:
    """br_fill_info() (net/bridge/br_netlink.c): STP off, IGMP snooping on, the defaults."""
    bid = _bridge_id(br)
    attrs = _attrs([(16, "Q", 0), (17, "Q", 0), (18, "Q", 0), (19, "Q", 0),   # timers
                    (1, "I", 1500), (2, "I", 200), (3, "I", 2000),            # fwd, hello, age
                    (4, "I", int(br.ageing_time * 100)), (5, "I", 0), (6, "H", 0x8000),
                    (7, "B", 0), (9, "H", 0)])
    attrs += [w.Attr(11, bid), w.Attr(10, bid)]                                # root, bridge id
    attrs += _attrs([(12, "H", 0), (13, "I", 0), (14, "B", 0), (15, "B", 0)])
    attrs.append(w.mac(20, "01:80:c2:00:00:00"))                               # group address
    attrs.append(w.Attr(46, struct.pack("=II", 0, 0x1F)))                      # multi boolopt
    attrs += _attrs([(48, "I", 0), (49, "I", 0), (22, "B", 1), (23, "B", 1), (24, "B", 0),
                     (25, "B", 0), (42, "B", 0), (26, "I", 16), (27, "I", 4096),
                     (28, "I", 2), (29, "I", 2), (43, "B", 2), (44, "B", 1),
                     (30, "Q", 100), (31, "Q", 26000), (32, "Q", 25500), (33, "Q", 12500),
                     (34, "Q", 1000), (35, "Q", 3124), (36, "B", 0), (37, "B", 0),
                     (38, "B", 0)])
    return attrs


_PORT_STATES = {"disabled": 0, "listening": 1, "learning": 2, "forwarding": 3, "blocking": 4}


def _br_port_fill_attrs(p) -> list:
    """br_port_fill_attrs(): the port's state, flags and STP identity."""
    bid, port_id = _bridge_id(p.br), 0x8000 | p.port_no
    attrs = _attrs([(1, "B", _PORT_STATES.get(p.state, 0)), (2, "H", p.priority),
                    (3, "I", p.cost), (4, "B", int(p.hairpin)), (5, "B", 0), (6, "B", 0),
                    (7, "B", 0), (28, "B", 0), (8, "B", int(p.learning)),
                    (9, "B", int(p.flood)), (27, "B", 1), (30, "B", 1), (10, "B", 0),
                    (12, "B", 0)])
    attrs += [w.Attr(13, bid), w.Attr(14, bid)]                                # root, bridge id
    attrs += _attrs([(15, "H", port_id), (16, "H", 0), (17, "H", port_id),
                     (18, "H", p.port_no), (19, "B", 0), (20, "B", 0), (29, "B", 0),
                     (31, "H", 0), (32, "B", 0), (35, "B", 0), (36, "B", 0), (33, "B", 0),
                     (39, "B", 0), (40, "B", 0), (43, "B", 0), (21, "Q", 0), (22, "Q", 0),
                     (23, "Q", 0), (25, "B", 1), (37, "I", 512), (38, "I", 0), (41, "I", 0),
                     (42, "I", 0)])
    return attrs


def _af_spec(dev) -> w.Attr:
    """IFLA_AF_SPEC: AF_INET's devconf array (inet_fill_link_af)."""
    sysctl = dev.ns.sysctl
    conf = [_DEVCONF_DEFAULTS.get(i, 0) for i in range(1, IPV4_DEVCONF_MAX + 1)]
    for key, idx in _DEVCONF.items():
        v = sysctl.get(f"net.ipv4.conf.{dev.name}.{key}")
        if v is not None:
            conf[idx - 1] = int(v)
    inet = w.nested(w.AF_INET, [w.Attr(IFLA_INET_CONF, struct.pack(f"={len(conf)}I", *conf))])
    return w.nested(w.IFLA_AF_SPEC, [inet])


def rtnl_fill_ifinfo(req, dev, type_: int = w.RTM_NEWLINK) -> w.Message:
    """rtnl_fill_ifinfo(): one device as an RTM_NEWLINK message."""
    from ..commands.show import _qdisc
    loop = dev.link_type == "loopback"
    carrier = dev.running
    port = dev.port is not None
    virtual = not loop
    attrs = [
        w.string(w.IFLA_IFNAME, dev.name), w.u32(w.IFLA_TXQLEN, 1000),
        w.u8(w.IFLA_OPERSTATE, OPERSTATES.get(dev.operstate(), 0)), w.u8(w.IFLA_LINKMODE, 0),
        w.u8(w.IFLA_NETNS_IMMUTABLE, int(loop)), w.u32(w.IFLA_MTU, dev.mtu),
        w.u32(w.IFLA_MIN_MTU, 68 if virtual else 0),
        w.u32(w.IFLA_MAX_MTU, 65535 if virtual else 0), w.u32(w.IFLA_GROUP, 0),
        w.u32(w.IFLA_PROMISCUITY, int(port)), w.u32(w.IFLA_ALLMULTI, int(port)),
        w.u32(w.IFLA_NUM_TX_QUEUES, 1), w.u32(w.IFLA_GSO_MAX_SEGS, 65535),
        w.u32(w.IFLA_GSO_MAX_SIZE, 65536), w.u32(w.IFLA_GRO_MAX_SIZE, 65536),
        w.u32(w.IFLA_GSO_IPV4_MAX_SIZE, 65536), w.u32(w.IFLA_GRO_IPV4_MAX_SIZE, 65536),
        w.u32(w.IFLA_TSO_MAX_SIZE, 524280), w.u32(w.IFLA_TSO_MAX_SEGS, 65535),
        w.u32(w.IFLA_MAX_PACING_OFFLOAD_HORIZON, 0), w.u32(w.IFLA_NUM_RX_QUEUES, 1),
        w.u8(w.IFLA_CARRIER, int(carrier or dev.kind in _ALWAYS_CARRIER)),
        w.u32(w.IFLA_CARRIER_CHANGES, 0), w.u32(w.IFLA_CARRIER_UP_COUNT, 0),
        w.u32(w.IFLA_CARRIER_DOWN_COUNT, 0), w.u16(w.IFLA_HEADROOM, 0),
        w.u16(w.IFLA_TAILROOM, 0), w.u8(w.IFLA_PROTO_DOWN, 0),
        w.mac(w.IFLA_ADDRESS, dev.mac),
        w.mac(w.IFLA_BROADCAST, "00:00:00:00:00:00" if loop else "ff:ff:ff:ff:ff:ff"),
        w.Attr(w.IFLA_STATS64, _stats(dev, "Q", 25)), w.Attr(w.IFLA_STATS, _stats(dev, "I", 24)),
        w.nested(w.IFLA_XDP, [w.u8(w.IFLA_XDP_ATTACHED, 0)]),
    ]
    info = _linkinfo(dev)
    if info:
        attrs.append(w.nested(w.IFLA_LINKINFO, info))
    iflink = dev.iflink()
    if iflink != dev.ifindex:
        attrs.append(w.u32(w.IFLA_LINK, iflink))
    if dev.master is not None:
        attrs.append(w.u32(w.IFLA_MASTER, dev.master.ifindex))
    attrs += [w.string(w.IFLA_QDISC, _qdisc(dev)), _af_spec(dev),
              w.Attr(w.IFLA_MAP, bytes(32))]
    hdr = w.IfInfoMsg(0, ARPHRD_LOOPBACK if loop else ARPHRD_ETHER, dev.ifindex,
                      dev_get_flags(dev), 0)
    return req.reply(type_, hdr, attrs)


# ----------------------------------------------------------------------------- lookups
def _check_policy(msg) -> None:
    """ifla_policy: IFLA_IFNAME is an NLA_STRING of at most IFNAMSIZ - 1 bytes (ERANGE)."""
    for a in msg.attrs:
        if a.kind in (w.IFLA_IFNAME, w.IFLA_ALT_IFNAME) and len(a.data.split(b"\0", 1)[0]) > 15:
            raise NetsimError(errno.ERANGE, "Attribute failed policy validation")


def _find(req, hdr, msg, required: bool = True):
    """rtnl_getlink()/rtnl_dellink(): by ifi_index, else by IFLA_IFNAME; EINVAL with neither."""
    _check_policy(msg)
    ns = req.ns
    if hdr.index > 0:
        dev = ns.devices.get(hdr.index)
    else:
        name = msg.attr(w.IFLA_IFNAME) or msg.attr(w.IFLA_ALT_IFNAME)
        if name is None:
            if required:
                raise Invalid()
            return None
        dev = ns.by_name.get(w.get_str(name))
    if dev is None and required:
        raise NotFound()
    return dev


def _ifname(index: int, ns, missing=Invalid) -> str:
    """The name of device ``index``; a missing one is EINVAL (do_set_master) or, for a lower
    device (IFLA_LINK, IFLA_VXLAN_LINK), ENODEV as the drivers' newlink answers."""
    dev = ns.devices.get(index)
    if dev is None:
        raise missing()
    return dev.name


def rtnl_getlink(req):
    """RTM_GETLINK without NLM_F_DUMP: one device, ENODEV if there is none; its pending
    linkwatch event runs first (linkwatch_sync_dev), a dump's do not."""
    from ..kernel.link_watch import linkwatch_sync_dev
    msg = req.msg
    dev = _find(req, msg.header, msg)
    linkwatch_sync_dev(dev)
    return [rtnl_fill_ifinfo(req, dev)]


def rtnl_dump_ifinfo(req):
    """RTM_GETLINK with NLM_F_DUMP: every device, in ifindex order."""
    ns = req.ns
    return [rtnl_fill_ifinfo(req, d) for _, d in sorted(ns.devices.items())]


def rtnl_dellink(req):
    msg = req.msg
    dev = _find(req, msg.header, msg)
    if dev.kind == "loopback":
        raise NetsimError(errno.EOPNOTSUPP)      # no rtnl_link_ops
    req.apply(m.LinkDel(dev=dev.name, ns=req.ns_name))


def _combine_flags(dev, hdr) -> bool | None:
    """rtnl_dev_combine_flags(): the new IFF_UP, or None when the request leaves it."""
    if not hdr.flags and not hdr.change:
        return None
    change = hdr.change or 0xFFFFFFFF
    if not change & IFF_UP:
        return None
    up = bool(hdr.flags & IFF_UP)
    return None if up == dev.admin_up else up


def _linkinfo_req(msg) -> tuple[str | None, list[w.Attr]]:
    li = msg.attr(w.IFLA_LINKINFO)
    if li is None:
        return None, []
    attrs = w.attrs_parse(li.data)
    kind = next((w.get_str(a) for a in attrs if a.kind == w.IFLA_INFO_KIND), None)
    data = next((w.attrs_parse(a.data) for a in attrs if a.kind == w.IFLA_INFO_DATA), [])
    return kind, data


def _do_setlink(req, dev, msg, name_given: bool) -> None:
    """do_setlink(): address, mtu, master, name, then the flags (one LinkSet)."""
    ns = req.ns
    kw: dict = {}
    if (a := msg.attr(w.IFLA_ADDRESS)) is not None:
        kw["address"] = w.get_mac(a)
    if (a := msg.attr(w.IFLA_MTU)) is not None:
        kw["mtu"] = w.get_u32(a)
    if (a := msg.attr(w.IFLA_MASTER)) is not None:
        idx = w.get_u32(a)
        if idx:
            kw["master"] = _ifname(idx, ns)
        elif dev.master is not None:
            kw["nomaster"] = True
    if name_given and (a := msg.attr(w.IFLA_IFNAME)) is not None and w.get_str(a) != dev.name:
        kw["name"] = w.get_str(a)
    if msg.attr(w.IFLA_NET_NS_FD) is not None or msg.attr(w.IFLA_NET_NS_PID) is not None:
        raise NetsimError(errno.EOPNOTSUPP,
                          "netsim: moving a device to another namespace over netlink is not "
                          "supported yet (use Lab.apply(LinkSet(netns=...)))")
    up = _combine_flags(dev, msg.header)
    if up is not None:
        kw["up"] = up
    if kw:
        req.apply(m.LinkSet(dev=dev.name, ns=req.ns_name, **kw))


def rtnl_setlink(req):
    """RTM_SETLINK: an existing device only (ENODEV otherwise)."""
    msg = req.msg
    dev = _find(req, msg.header, msg)
    _do_setlink(req, dev, msg, name_given=msg.header.index > 0)


def _kind(kind: str, data: list[w.Attr], ns) -> m.LinkKind:
    if kind == "veth":
        peer = next((a for a in data if a.kind == w.VETH_INFO_PEER), None)
        if peer is None:
            return m.Veth()
        pattrs = w.attrs_parse(peer.data[w.IfInfoMsg.size():])
        name = next((w.get_str(a) for a in pattrs if a.kind == w.IFLA_IFNAME), None)
        pmac = next((w.get_mac(a) for a in pattrs if a.kind == w.IFLA_ADDRESS), None)
        return m.Veth(peer=name, peer_mac=pmac)
    if kind == "bridge":
        return m.Bridge()
    if kind == "dummy":
        return m.Dummy()
    if kind == "vxlan":
        get = {a.kind: a for a in data}
        if 1 not in get:
            raise Invalid(extack="A VXLAN network identifier (VNI) must be specified")
        return m.Vxlan(vni=w.get_u32(get[1]),
                       local=w.get_ipv4(get[4]) if 4 in get else None,
                       remote=w.get_ipv4(get[2]) if 2 in get else None,
                       dstport=struct.unpack("!H", get[15].data[:2])[0] if 15 in get else None,
                       dev=_ifname(w.get_u32(get[3]), ns, NotFound) if 3 in get else None,
                       ttl=get[5].data[0] or None if 5 in get and get[5].data else None,
                       learning=bool(get[7].data[0]) if 7 in get and get[7].data else True)
    if kind == "macvlan":
        modes = {1: "private", 2: "vepa", 4: "bridge", 8: "passthru", 16: "source"}
        mode = next((modes.get(w.get_u32(a)) for a in data if a.kind == 1), None)
        return m.Macvlan(mode=mode)
    return m.OtherKind(kind=kind)


def rtnl_newlink(req):
    """rtnl_newlink(): an existing device is changed (EEXIST with NLM_F_EXCL); a new one
    needs NLM_F_CREATE (else ENODEV) and IFLA_INFO_KIND (else EOPNOTSUPP)."""
    msg = req.msg
    hdr = msg.header
    ns = req.ns
    dev = _find(req, hdr, msg, required=False)
    if hdr.index > 0 and dev is None and not msg.flags & w.NLM_F_CREATE:
        raise NotFound()
    if dev is not None:
        if msg.flags & w.NLM_F_EXCL:
            raise NetsimError(errno.EEXIST)
        if msg.flags & w.NLM_F_REPLACE:
            raise NetsimError(errno.EOPNOTSUPP)
        _do_setlink(req, dev, msg, name_given=hdr.index > 0)
        return
    if not msg.flags & w.NLM_F_CREATE:
        raise NotFound()
    kind, data = _linkinfo_req(msg)
    if kind is None:
        raise NetsimError(errno.EOPNOTSUPP, "Unknown device type")
    name_attr = msg.attr(w.IFLA_IFNAME)
    if name_attr is None:
        raise NetsimError(errno.EOPNOTSUPP,
                          "netsim: a new device needs IFLA_IFNAME (no kernel-chosen names yet)")
    name = w.get_str(name_attr)
    link = msg.attr(w.IFLA_LINK)
    mtu = msg.attr(w.IFLA_MTU)
    mac_attr = msg.attr(w.IFLA_ADDRESS)
    req.apply(m.LinkAdd(name=name, kind=_kind(kind, data, ns), ns=req.ns_name,
                        mac=w.get_mac(mac_attr) if mac_attr else None,
                        mtu=w.get_u32(mtu) if mtu else None,
                        link=_ifname(w.get_u32(link), ns, NotFound) if link else None))
    # rtnl_configure_link() and do_set_master() for the new device
    kw: dict = {}
    if (a := msg.attr(w.IFLA_MASTER)) is not None and w.get_u32(a):
        kw["master"] = _ifname(w.get_u32(a), ns)
    if hdr.flags & IFF_UP and (not hdr.change or hdr.change & IFF_UP):
        kw["up"] = True
    if kw:
        req.apply(m.LinkSet(dev=name, ns=req.ns_name, **kw))

