"""RTM_NEWADDR / DELADDR / GETADDR: models ``net/ipv4/devinet.c`` (``inet_rtm_newaddr``,
``inet_rtm_deladdr``, ``inet_dump_ifaddr``, ``inet_fill_ifaddr``).
"""
from __future__ import annotations

import struct

from ..commands import model as m
from ..errors import Invalid, NotFound
from . import wire as w

__all__ = ["inet_fill_ifaddr", "inet_rtm_newaddr", "inet_rtm_deladdr", "inet_dump_ifaddr"]

IFA_F_SECONDARY, IFA_F_PERMANENT, IFA_F_NOPREFIXROUTE = 0x01, 0x80, 0x200
INFINITY_LIFE_TIME = 0xFFFFFFFF


def inet_fill_ifaddr(req, ifa) -> w.Message:
    """inet_fill_ifaddr(): IFA_ADDRESS, IFA_LOCAL, [IFA_BROADCAST], IFA_LABEL, IFA_FLAGS,
    IFA_CACHEINFO."""
    flags = IFA_F_PERMANENT
    if ifa.secondary:
        flags |= IFA_F_SECONDARY
    if ifa.noprefixroute:
        flags |= IFA_F_NOPREFIXROUTE
    attrs = [w.ipv4(w.IFA_ADDRESS, ifa.local), w.ipv4(w.IFA_LOCAL, ifa.local)]
    if ifa.broadcast is not None:
        attrs.append(w.ipv4(w.IFA_BROADCAST, ifa.broadcast))
    attrs.append(w.string(w.IFA_LABEL, ifa.label))
    attrs.append(w.u32(w.IFA_FLAGS, flags))
    stamp = int(ifa.dev.ns.kernel.clock.now * 100)
    attrs.append(w.Attr(w.IFA_CACHEINFO, struct.pack("=IIII", INFINITY_LIFE_TIME,
                                                     INFINITY_LIFE_TIME, stamp, stamp)))
    hdr = w.IfAddrMsg(w.AF_INET, ifa.prefixlen, flags & 0xFF, ifa.scope, ifa.dev.ifindex)
    return req.reply(w.RTM_NEWADDR, hdr, attrs)


def _dev(req):
    dev = req.ns.devices.get(req.msg.header.index)
    if dev is None:
        raise NotFound()
    return dev


def _local(msg):
    a = msg.attr(w.IFA_LOCAL) or msg.attr(w.IFA_ADDRESS)
    return None if a is None else w.get_ipv4(a)


def inet_rtm_newaddr(req):
    """inet_rtm_newaddr(): EINVAL without IFA_LOCAL, ENODEV for an unknown index; an existing
    address is EEXIST unless NLM_F_REPLACE (without NLM_F_EXCL)."""
    msg = req.msg
    hdr = msg.header
    if hdr.family not in (w.AF_INET, w.AF_UNSPEC):
        raise Invalid(extack="netsim models IPv4 only")
    local = _local(msg)
    if local is None or hdr.prefixlen > 32:
        raise Invalid()
    dev = _dev(req)
    brd = msg.attr(w.IFA_BROADCAST)
    label = msg.attr(w.IFA_LABEL)
    fl = msg.attr(w.IFA_FLAGS)
    flags = w.get_u32(fl) if fl is not None else hdr.flags
    replace = msg.flags & w.NLM_F_REPLACE and not msg.flags & w.NLM_F_EXCL
    req.apply(m.AddrAdd(dev=dev.name, local=local, prefixlen=hdr.prefixlen, ns=req.ns_name,
                        mode="replace" if replace else "add",
                        broadcast=w.get_ipv4(brd) if brd is not None else None,
                        scope=hdr.scope or None, label=w.get_str(label) if label else None,
                        noprefixroute=bool(flags & IFA_F_NOPREFIXROUTE)))


def inet_rtm_deladdr(req):
    """inet_rtm_deladdr(): the address on the device (EADDRNOTAVAIL if absent)."""
    msg = req.msg
    dev = _dev(req)
    local = _local(msg)
    if local is None:
        raise Invalid()
    req.apply(m.AddrDel(dev=dev.name, local=local, prefixlen=msg.header.prefixlen,
                        ns=req.ns_name))


def inet_dump_ifaddr(req):
    """inet_dump_ifaddr(): every IPv4 address, device by device in ifindex order."""
    if not w.is_inet(req.msg.header.family):
        return []
    ns = req.ns
    return [inet_fill_ifaddr(req, a) for _, d in sorted(ns.devices.items()) for a in d.addrs]
