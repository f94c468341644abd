"""RTM_*NEIGH: models ``net/core/neighbour.c`` (``neigh_add``, ``neigh_delete``,
``neigh_get``, ``neigh_dump_info``, ``neigh_fill_info``) and, for ``AF_BRIDGE``, the FDB dump
of ``net/bridge/br_fdb.c`` (``br_fdb_dump``, ``fdb_fill_info``: ``bridge fdb show``).
"""
from __future__ import annotations

import errno
import struct

from ..commands import model as m
from ..errors import Invalid, NetsimError, NotFound
from ..kernel_model import NUD, Bridge
from . import wire as w

__all__ = ["neigh_fill_info", "neigh_add", "neigh_delete", "neigh_get", "neigh_dump_info",
           "fdb_fill_info"]

NTF_SELF, NTF_MASTER, NTF_PROXY, NTF_ROUTER = 0x02, 0x04, 0x08, 0x80
RTN_UNICAST = 1
_NUD_NAMES = {NUD.PERMANENT: "permanent", NUD.REACHABLE: "reachable", NUD.STALE: "stale",
              NUD.NOARP: "noarp", NUD.DELAY: "delay", NUD.PROBE: "probe",
              NUD.FAILED: "failed", NUD.INCOMPLETE: "incomplete", NUD.NONE: "none"}


def _clock_t(seconds: float) -> int:
    return int(seconds * 100)           # jiffies_to_clock_t at USER_HZ 100


def neigh_fill_info(req, n) -> w.Message:
    """neigh_fill_info(): NDA_DST, NDA_LLADDR (a valid state only), NDA_PROBES, NDA_CACHEINFO."""
    now = n.dev.ns.kernel.clock.now
    flags = NTF_ROUTER if n.router else 0
    hdr = w.NdMsg(w.AF_INET, n.dev.ifindex, n.state, flags, RTN_UNICAST)
    attrs = [w.ipv4(w.NDA_DST, n.ip)]
    if n.state & NUD.VALID and n.lladdr is not None:
        attrs.append(w.mac(w.NDA_LLADDR, n.lladdr))
    attrs.append(w.u32(w.NDA_PROBES, n.probes))
    ci = (_clock_t(now - n.confirmed), _clock_t(now - n.updated), _clock_t(now - n.updated), 0)
    attrs.append(w.Attr(w.NDA_CACHEINFO, struct.pack("=IIII", *(max(0, v) for v in ci))))
    return req.reply(w.RTM_NEWNEIGH, hdr, attrs)


def fdb_fill_info(req, br, e) -> w.Message:
    """fdb_fill_info(): one bridge FDB entry, ndm_ifindex the port (the bridge itself for its
    own entries), NDA_MASTER the bridge; local PERMANENT, static NOARP, learned REACHABLE.
    (ndm_flags carry no NTF_MASTER in a dump: only offload/ext-learned/sticky bits.)"""
    if e.is_local:
        state = NUD.PERMANENT
    elif e.static:
        state = NUD.NOARP
    else:
        state = NUD.REACHABLE
    port = e.port if e.port is not None else br
    hdr = w.NdMsg(w.AF_BRIDGE, port.ifindex, state, 0, 0)
    now = br.ns.kernel.clock.now
    age = _clock_t(now - e.updated)
    attrs = [w.mac(w.NDA_LLADDR, e.mac), w.u32(w.NDA_MASTER, br.ifindex),
             w.Attr(w.NDA_CACHEINFO, struct.pack("=IIII", age, age, age, 0))]
    return req.reply(w.RTM_NEWNEIGH, hdr, attrs)


def _dflt_fdb_dump(req, dev) -> list:
    """ndo_dflt_fdb_dump(): the device's unicast and multicast address lists, 'self
    permanent' (what ``bridge fdb show`` lists for every Ethernet device)."""
    from ..commands.show import _self_entries
    out = []
    for o in _self_entries(dev):
        hdr = w.NdMsg(w.AF_BRIDGE, dev.ifindex, NUD.PERMANENT, NTF_SELF, 0)
        attrs = [w.mac(w.NDA_LLADDR, o["mac"])]
        if "dst" in o:
            attrs.append(w.ipv4(w.NDA_DST, o["dst"]))
        out.append(req.reply(w.RTM_NEWNEIGH, hdr, attrs))
    return out


def _fdb_dump(req):
    """rtnl_fdb_dump(): device by device, a port's entries in its bridge (newest first),
    then the device's own; a bridge's own list first, then its entries without a port."""
    from ..kernel.bridge import fdb_entries
    out = []
    for _, dev in sorted(req.ns.devices.items()):
        if dev.link_type != "ether":
            continue
        if isinstance(dev.master, Bridge):
            out += [fdb_fill_info(req, dev.master, e)
                    for e in reversed(fdb_entries(dev.master)) if e.port is dev]
        out += _dflt_fdb_dump(req, dev)
        if isinstance(dev, Bridge):
            out += [fdb_fill_info(req, dev, e) for e in reversed(fdb_entries(dev))
                    if e.port is None]
    return out


def neigh_dump_info(req):
    """neigh_dump_info(): every entry (AF_INET), or the bridges' FDBs (AF_BRIDGE)."""
    family = req.msg.header.family
    if family == w.AF_BRIDGE:
        return _fdb_dump(req)
    if not w.is_inet(family):
        return []
    from ..kernel import neighbour
    return [neigh_fill_info(req, n) for n in neighbour.neigh_entries(req.ns)]


def _target(req):
    msg = req.msg
    hdr = msg.header
    if hdr.family not in (w.AF_INET, w.AF_UNSPEC):
        raise NetsimError(errno.EAFNOSUPPORT)
    dst = msg.attr(w.NDA_DST)
    if dst is None:
        raise Invalid(extack="Network address not specified")
    if not hdr.ifindex:
        raise Invalid()
    dev = req.ns.devices.get(hdr.ifindex)
    if dev is None:
        raise NotFound()
    return dev, w.get_ipv4(dst)


def neigh_get(req):
    """neigh_get(): one entry (ENOENT if there is none)."""
    from ..kernel import neighbour
    dev, ip = _target(req)
    n = neighbour.neigh_lookup(req.ns, dev, ip)
    if n is None or n.state == NUD.NONE:
        raise NotFound(errno.ENOENT, "Neighbour entry not found")
    return [neigh_fill_info(req, n)]


def neigh_add(req):
    """neigh_add(): EEXIST for an existing entry with NLM_F_EXCL; ENOENT for a missing one
    without NLM_F_CREATE."""
    msg = req.msg
    dev, ip = _target(req)
    if msg.header.family == w.AF_BRIDGE:
        raise NetsimError(errno.EOPNOTSUPP)
    ll = msg.attr(w.NDA_LLADDR)
    f = msg.flags
    if f & w.NLM_F_CREATE:
        mode = "add" if f & w.NLM_F_EXCL else "replace"
    else:
        mode = "change"
    state = msg.header.state or NUD.PERMANENT
    nud = _NUD_NAMES.get(state)
    if nud is None:
        raise Invalid()
    req.apply(m.NeighAdd(dst=ip, dev=dev.name, ns=req.ns_name, mode=mode,
                         lladdr=w.get_mac(ll) if ll is not None else None, nud=nud))


def neigh_delete(req):
    """neigh_delete(): ENOENT when there is no such entry."""
    dev, ip = _target(req)
    req.apply(m.NeighDel(dst=ip, dev=dev.name, ns=req.ns_name))
